/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: tolower() and friends from libc. */
#ifndef _FUZZ_LINUX_CTYPE_H
#define _FUZZ_LINUX_CTYPE_H

#include <ctype.h>

#endif /* _FUZZ_LINUX_CTYPE_H */
