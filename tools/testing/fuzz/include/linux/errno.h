/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim: the errno values hvhost returns are the UAPI ones
 * (glibc's <errno.h> includes this name itself, so pull in the real one).
 */
#ifndef _FUZZ_LINUX_ERRNO_H
#define _FUZZ_LINUX_ERRNO_H

#include_next <linux/errno.h>

#endif /* _FUZZ_LINUX_ERRNO_H */
