/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: struct kvec (the UAPI iovec is not needed). */
#ifndef _FUZZ_LINUX_UIO_H
#define _FUZZ_LINUX_UIO_H

#include <linux/types.h>

struct kvec {
	void *iov_base;
	size_t iov_len;
};

#endif /* _FUZZ_LINUX_UIO_H */
