/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim: a mutex for single-threaded fuzzing.  It only records
 * whether it is held, so that taking it twice (a self-deadlock in the
 * kernel), releasing it unheld, and lockdep_assert_held() on an unheld lock
 * all abort.
 */
#ifndef _FUZZ_LINUX_MUTEX_H
#define _FUZZ_LINUX_MUTEX_H

#include <linux/bug.h>

struct mutex {
	int held;
};

static inline void mutex_init(struct mutex *m)
{
	m->held = 0;
}

static inline void mutex_lock(struct mutex *m)
{
	WARN_ON(m->held);
	m->held = 1;
}

static inline void mutex_unlock(struct mutex *m)
{
	WARN_ON(!m->held);
	m->held = 0;
}

/* Single-threaded: a held mutex is held by the caller, so trying fails. */
static inline int mutex_trylock(struct mutex *m)
{
	if (m->held)
		return 0;
	m->held = 1;
	return 1;
}

static inline int mutex_is_locked(struct mutex *m)
{
	return m->held;
}

static inline void mutex_destroy(struct mutex *m)
{
	WARN_ON(m->held);
}

#endif /* _FUZZ_LINUX_MUTEX_H */
