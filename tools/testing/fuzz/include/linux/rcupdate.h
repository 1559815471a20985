/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim: RCU for a single thread.  Readers nest a counter;
 * synchronize_rcu() and kfree_rcu() must not run inside a reader (a
 * deadlock or a use after free in the kernel) and abort if they do.
 * kfree_rcu() frees at once: with no concurrent reader that is what a
 * grace period amounts to, and ASan then sees any later use.
 */
#ifndef _FUZZ_LINUX_RCUPDATE_H
#define _FUZZ_LINUX_RCUPDATE_H

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/slab.h>

struct rcu_head {
	void *next;
};

__weak int fuzz_rcu_readers;

static inline void rcu_read_lock(void)
{
	fuzz_rcu_readers++;
}

static inline void rcu_read_unlock(void)
{
	WARN_ON(fuzz_rcu_readers <= 0);
	fuzz_rcu_readers--;
}

static inline void synchronize_rcu(void)
{
	WARN_ON(fuzz_rcu_readers);
}

#define kfree_rcu(ptr, field)						\
	do {								\
		(void)&(ptr)->field;					\
		synchronize_rcu();					\
		kfree(ptr);						\
	} while (0)

#endif /* _FUZZ_LINUX_RCUPDATE_H */
