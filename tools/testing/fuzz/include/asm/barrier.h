/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim: the kernel's barriers as C11 fences.  Fuzz targets are
 * single threaded; the fences keep the code shape and the compiler
 * ordering of the real thing.
 */
#ifndef _FUZZ_ASM_BARRIER_H
#define _FUZZ_ASM_BARRIER_H

#include <linux/compiler.h>

#define virt_mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define virt_rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define virt_wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)

#define virt_load_acquire(p)						\
	({								\
		__typeof__(*(p)) ___v = READ_ONCE(*(p));		\
		__atomic_thread_fence(__ATOMIC_ACQUIRE);		\
		___v;							\
	})
#define virt_store_release(p, v)					\
	do {								\
		__atomic_thread_fence(__ATOMIC_RELEASE);		\
		WRITE_ONCE(*(p), (v));					\
	} while (0)

#endif /* _FUZZ_ASM_BARRIER_H */
