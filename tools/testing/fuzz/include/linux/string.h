/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: memcpy() and friends come from the C library. */
#ifndef _FUZZ_LINUX_STRING_H
#define _FUZZ_LINUX_STRING_H

#include <string.h>

#endif /* _FUZZ_LINUX_STRING_H */
