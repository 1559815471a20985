/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim: the few atomics hvhost uses, on the compiler's
 * __atomic builtins.
 */
#ifndef _FUZZ_LINUX_ATOMIC_H
#define _FUZZ_LINUX_ATOMIC_H

#include <linux/types.h>

struct fuzz_atomic {
	int counter;
};

typedef struct fuzz_atomic atomic_t;

static inline int atomic_read(const atomic_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}

static inline bool atomic_try_cmpxchg(atomic_t *v, int *old, int new)
{
	return __atomic_compare_exchange_n(&v->counter, old, new, false,
					   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static inline int atomic_sub_return(int i, atomic_t *v)
{
	return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline void atomic_inc(atomic_t *v)
{
	__atomic_add_fetch(&v->counter, 1, __ATOMIC_SEQ_CST);
}

#endif /* _FUZZ_LINUX_ATOMIC_H */
