// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: receive buffer slots.  The guest completes transfer-page packets
 * by transaction id; only the id of a slot it holds, under that slot's
 * current generation, frees anything.
 */
#include <kunit/test.h>

#include "rxbuf.h"

static void rxbuf_init_bounds(struct kunit *test)
{
	struct hvnet_rxbuf rb;

	KUNIT_EXPECT_EQ(test, hvnet_rxbuf_init(&rb, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvnet_rxbuf_init(&rb, HVNET_RXBUF_MAX_SLOTS + 1),
			-EINVAL);
	KUNIT_ASSERT_EQ(test, hvnet_rxbuf_init(&rb, HVNET_RXBUF_MAX_SLOTS), 0);
	KUNIT_EXPECT_EQ(test, rb.count, HVNET_RXBUF_MAX_SLOTS);
	hvnet_rxbuf_destroy(&rb);
	KUNIT_EXPECT_NULL(test, rb.busy);
}

/* Every slot once, then none left; completions give them back. */
static void rxbuf_fill_and_drain(struct kunit *test)
{
	struct hvnet_rxbuf rb;
	u64 tids[4], tid;
	u32 slot, i;

	KUNIT_ASSERT_EQ(test, hvnet_rxbuf_init(&rb, 4), 0);
	for (i = 0; i < 4; i++) {
		KUNIT_ASSERT_EQ(test, hvnet_rxbuf_get(&rb, &slot, &tids[i]), 0);
		KUNIT_EXPECT_EQ(test, slot, i);
		KUNIT_EXPECT_EQ(test, tids[i], 1ULL << 32 | i);
	}
	KUNIT_EXPECT_EQ(test, hvnet_rxbuf_get(&rb, &slot, &tid), -ENOSPC);
	KUNIT_EXPECT_EQ(test, rb.used, 4);
	KUNIT_EXPECT_EQ(test, hvnet_rxbuf_complete(&rb, tids[2]), 0);
	KUNIT_EXPECT_EQ(test, hvnet_rxbuf_get(&rb, &slot, &tid), 0);
	KUNIT_EXPECT_EQ(test, slot, 2);
	KUNIT_EXPECT_EQ(test, tid, 2ULL << 32 | 2);
	for (i = 0; i < 4; i++)
		hvnet_rxbuf_complete(&rb, i == 2 ? tid : tids[i]);
	KUNIT_EXPECT_EQ(test, rb.used, 0);
	KUNIT_EXPECT_EQ(test, rb.bad_completions, 0);
	hvnet_rxbuf_destroy(&rb);
}

/* Duplicate, stale and invented ids free nothing. */
static void rxbuf_bad_completions(struct kunit *test)
{
	static const u64 invented[] = {
		0, 1, 3, 0xffffffffULL, 1ULL << 32 | 3, 1ULL << 32 | 0xffffffff,
		U64_MAX, 3ULL << 32 | 0,
	};
	struct hvnet_rxbuf rb;
	u64 t0, t1, t0b;
	u32 slot, i;

	KUNIT_ASSERT_EQ(test, hvnet_rxbuf_init(&rb, 3), 0);
	hvnet_rxbuf_get(&rb, &slot, &t0);
	hvnet_rxbuf_get(&rb, &slot, &t1);
	KUNIT_EXPECT_EQ(test, hvnet_rxbuf_complete(&rb, t0), 0);
	KUNIT_EXPECT_EQ(test, hvnet_rxbuf_complete(&rb, t0), -EINVAL);
	/* Slot 0 handed out again: its old id is stale. */
	hvnet_rxbuf_get(&rb, &slot, &t0b);	/* slot 2 */
	hvnet_rxbuf_get(&rb, &slot, &t0b);	/* slot 0, generation 2 */
	KUNIT_EXPECT_EQ(test, slot, 0);
	KUNIT_EXPECT_EQ(test, hvnet_rxbuf_complete(&rb, t0), -EINVAL);
	for (i = 0; i < ARRAY_SIZE(invented); i++)
		KUNIT_EXPECT_EQ(test, hvnet_rxbuf_complete(&rb, invented[i]),
				-EINVAL);
	KUNIT_EXPECT_EQ(test, rb.used, 3);
	KUNIT_EXPECT_EQ(test, rb.bad_completions, 2 + ARRAY_SIZE(invented));
	KUNIT_EXPECT_EQ(test, hvnet_rxbuf_complete(&rb, t0b), 0);
	KUNIT_EXPECT_EQ(test, hvnet_rxbuf_complete(&rb, t1), 0);
	KUNIT_EXPECT_EQ(test, rb.used, 1);
	hvnet_rxbuf_destroy(&rb);
}

/*
 * Runs of adjacent slots under one id (coalesced frames): one completion
 * frees the run; the slots inside it cannot be named, even with their
 * own generation from an earlier single hand-out.
 */
static void rxbuf_runs(struct kunit *test)
{
	struct hvnet_rxbuf rb;
	u64 tids[8], run_tid, t;
	u32 slot, i;

	KUNIT_ASSERT_EQ(test, hvnet_rxbuf_init(&rb, 8), 0);
	KUNIT_EXPECT_EQ(test, hvnet_rxbuf_get_run(&rb, 0, &slot, &t), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvnet_rxbuf_get_run(&rb, HVNET_RXBUF_MAX_RUN + 1,
						  &slot, &t), -EINVAL);
	/* Every slot once alone (generation 1), then all free again. */
	for (i = 0; i < 8; i++)
		KUNIT_ASSERT_EQ(test, hvnet_rxbuf_get(&rb, &slot, &tids[i]), 0);
	for (i = 0; i < 8; i++)
		KUNIT_ASSERT_EQ(test, hvnet_rxbuf_complete(&rb, tids[i]), 0);
	KUNIT_ASSERT_EQ(test, hvnet_rxbuf_get_run(&rb, 5, &slot, &run_tid), 0);
	KUNIT_EXPECT_EQ(test, slot, 0);
	KUNIT_EXPECT_EQ(test, rb.used, 5);
	/* Three slots left: too few for four, enough for three. */
	KUNIT_EXPECT_EQ(test, hvnet_rxbuf_get_run(&rb, 4, &slot, &t), -ENOSPC);
	/* Slot 3 is inside the run: its old id, generation 1, names nothing. */
	KUNIT_EXPECT_EQ(test, hvnet_rxbuf_complete(&rb, tids[3]), -EINVAL);
	KUNIT_EXPECT_EQ(test, rb.used, 5);
	KUNIT_EXPECT_EQ(test, hvnet_rxbuf_complete(&rb, run_tid), 0);
	KUNIT_EXPECT_EQ(test, rb.used, 0);
	KUNIT_EXPECT_EQ(test, hvnet_rxbuf_complete(&rb, run_tid), -EINVAL);
	/* The search starts after the last run but never wraps a run. */
	KUNIT_ASSERT_EQ(test, hvnet_rxbuf_get_run(&rb, 5, &slot, &run_tid), 0);
	KUNIT_EXPECT_EQ(test, slot, 0);
	KUNIT_EXPECT_EQ(test, rb.bad_completions, 2);
	hvnet_rxbuf_destroy(&rb);
}

static struct kunit_case rxbuf_cases[] = {
	KUNIT_CASE(rxbuf_init_bounds),
	KUNIT_CASE(rxbuf_fill_and_drain),
	KUNIT_CASE(rxbuf_bad_completions),
	KUNIT_CASE(rxbuf_runs),
	{}
};

static struct kunit_suite rxbuf_suite = {
	.name = "hvhost_netvsp_rxbuf",
	.test_cases = rxbuf_cases,
};

kunit_test_suite(rxbuf_suite);
