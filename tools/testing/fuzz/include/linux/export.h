/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: exports mean nothing outside the kernel. */
#ifndef _FUZZ_LINUX_EXPORT_H
#define _FUZZ_LINUX_EXPORT_H

#define EXPORT_SYMBOL_GPL(sym)	extern int __fuzz_export_##sym

#endif /* _FUZZ_LINUX_EXPORT_H */
