/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: a kernel WARN is a fuzzing failure. */
#ifndef _FUZZ_LINUX_BUG_H
#define _FUZZ_LINUX_BUG_H

#include <stdlib.h>

#define WARN_ON_ONCE(cond)	({ if (cond) abort(); 0; })

#endif /* _FUZZ_LINUX_BUG_H */
