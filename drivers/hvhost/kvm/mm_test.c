// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: pinned-page accounting of the production guest memory backend
 * (kvm/mm.c).  Pins are charged to the VMM's mm against the limit of the
 * task that opened /dev/hvhost, whichever context pins: a kworker pinning
 * a NIC's buffers has CAP_IPC_LOCK and must not lift the VMM's limit.
 *
 * The charged mm is init_mm (the test thread has none of its own); each
 * case puts its locked_vm back.  The opener is the test thread, whose
 * RLIMIT_MEMLOCK the case lowers and restores.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/resource.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/workqueue.h>

#include "kvm/kpart.h"
#include "kvm/mm.h"

#define MA_LIMIT_PAGES	4

struct ma_ctx {
	struct hvhost_kpart kp;
	unsigned long old_limit;
	unsigned long base;
};

static void ma_set_memlock(unsigned long bytes)
{
	struct task_struct *leader = current->group_leader;

	task_lock(leader);
	leader->signal->rlim[RLIMIT_MEMLOCK].rlim_cur = bytes;
	task_unlock(leader);
}

static unsigned long ma_locked(void)
{
	return READ_ONCE(init_mm.locked_vm);
}

static int ma_init(struct kunit *test)
{
	struct ma_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	c->kp.mm = &init_mm;
	c->kp.lock_task = current->group_leader;
	c->kp.lock_cap = false;
	c->old_limit = rlimit(RLIMIT_MEMLOCK);
	c->base = ma_locked();
	/* The limit covers what init_mm already holds, plus ours. */
	ma_set_memlock((c->base + MA_LIMIT_PAGES) << PAGE_SHIFT);
	test->priv = c;
	return 0;
}

static void ma_exit(struct kunit *test)
{
	struct ma_ctx *c = test->priv;

	ma_set_memlock(c->old_limit);
	/* A failed case must not leave init_mm charged. */
	mmap_write_lock(&init_mm);
	init_mm.locked_vm = c->base;
	mmap_write_unlock(&init_mm);
}

static int ma_account(struct ma_ctx *c, unsigned long n, bool inc)
{
	return hvhost_mm_ops.account(&c->kp, n, inc);
}

/* Up to the opener's limit is charged; one page more is refused whole. */
static void ma_opener_limit(struct kunit *test)
{
	struct ma_ctx *c = test->priv;

	KUNIT_ASSERT_EQ(test, ma_account(c, MA_LIMIT_PAGES, true), 0);
	KUNIT_EXPECT_EQ(test, ma_locked(), c->base + MA_LIMIT_PAGES);
	KUNIT_EXPECT_EQ(test, ma_account(c, 1, true), -ENOMEM);
	KUNIT_EXPECT_EQ(test, ma_locked(), c->base + MA_LIMIT_PAGES);
	KUNIT_EXPECT_EQ(test, ma_account(c, MA_LIMIT_PAGES, false), 0);
	KUNIT_EXPECT_EQ(test, ma_locked(), c->base);
}

struct ma_work {
	struct work_struct work;
	struct ma_ctx *c;
	unsigned long n;
	int ret;
};

static void ma_work_fn(struct work_struct *work)
{
	struct ma_work *w = container_of(work, struct ma_work, work);

	w->ret = ma_account(w->c, w->n, true);
}

/*
 * A kworker holds CAP_IPC_LOCK and init's limits.  The charge it makes
 * still meets the opener's limit.
 */
static void ma_worker_meets_opener_limit(struct kunit *test)
{
	struct ma_ctx *c = test->priv;
	struct ma_work w = { .c = c, .n = MA_LIMIT_PAGES + 1, .ret = 1 };

	INIT_WORK_ONSTACK(&w.work, ma_work_fn);
	queue_work(system_wq, &w.work);
	flush_work(&w.work);
	destroy_work_on_stack(&w.work);
	KUNIT_EXPECT_EQ(test, w.ret, -ENOMEM);
	KUNIT_EXPECT_EQ(test, ma_locked(), c->base);
}

/* An opener with CAP_IPC_LOCK at open has no limit. */
static void ma_opener_cap(struct kunit *test)
{
	struct ma_ctx *c = test->priv;

	c->kp.lock_cap = true;
	KUNIT_ASSERT_EQ(test, ma_account(c, MA_LIMIT_PAGES * 4, true), 0);
	KUNIT_EXPECT_EQ(test, ma_locked(), c->base + MA_LIMIT_PAGES * 4);
	KUNIT_EXPECT_EQ(test, ma_account(c, MA_LIMIT_PAGES * 4, false), 0);
	KUNIT_EXPECT_EQ(test, ma_locked(), c->base);
}

/* No mm (a kernel-thread opener) and zero pages charge nothing. */
static void ma_nothing_to_charge(struct kunit *test)
{
	struct ma_ctx *c = test->priv;

	KUNIT_EXPECT_EQ(test, ma_account(c, 0, true), 0);
	c->kp.mm = NULL;
	KUNIT_EXPECT_EQ(test, ma_account(c, MA_LIMIT_PAGES + 1, true), 0);
	KUNIT_EXPECT_EQ(test, ma_locked(), c->base);
}

static struct kunit_case ma_cases[] = {
	KUNIT_CASE(ma_opener_limit),
	KUNIT_CASE(ma_worker_meets_opener_limit),
	KUNIT_CASE(ma_opener_cap),
	KUNIT_CASE(ma_nothing_to_charge),
	{}
};

static struct kunit_suite ma_suite = {
	.name = "hvhost_kvm_mm",
	.init = ma_init,
	.exit = ma_exit,
	.test_cases = ma_cases,
};

kunit_test_suite(ma_suite);
