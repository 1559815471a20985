// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the quota module parameters and their clamping.  Included at the
 * end of limits.c to reach its parameters.
 */
#include <kunit/test.h>

#include "../partition.h"
#include "connection.h"
#include "vmbus.h"

struct limits_saved {
	unsigned int channels, gpadls, queued, inflight;
	unsigned long pages;
};

static void limits_restore(void *data)
{
	struct limits_saved *s = data;

	max_channels = s->channels;
	max_gpadls = s->gpadls;
	max_gpadl_pages = s->pages;
	max_queued_msgs = s->queued;
	max_inflight_pkts = s->inflight;
}

static void limits_save(struct kunit *test)
{
	struct limits_saved *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	*s = (struct limits_saved) {
		.channels = max_channels, .gpadls = max_gpadls,
		.pages = max_gpadl_pages, .queued = max_queued_msgs,
		.inflight = max_inflight_pkts,
	};
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, limits_restore,
							s), 0);
}

static void limits_defaults(struct kunit *test)
{
	struct hvhost_vmbus_limits l = hvhost_vmbus_default_limits();

	KUNIT_EXPECT_EQ(test, l.max_channels, 64);
	KUNIT_EXPECT_EQ(test, l.max_gpadls, 256);
	KUNIT_EXPECT_EQ(test, l.max_gpadl_pfns, 262144);
	KUNIT_EXPECT_EQ(test, l.max_queued_msgs, 128);
	KUNIT_EXPECT_EQ(test, l.max_inflight_pkts, 65536);
}

/* Zero and absurd values are clamped, never taken as they are. */
static void limits_clamped(struct kunit *test)
{
	struct hvhost_vmbus_limits l;

	limits_save(test);
	max_channels = 0;
	max_gpadls = 0;
	max_gpadl_pages = 0;
	max_queued_msgs = 0;
	max_inflight_pkts = 0;
	l = hvhost_vmbus_default_limits();
	KUNIT_EXPECT_EQ(test, l.max_channels, 1);
	KUNIT_EXPECT_EQ(test, l.max_gpadls, 1);
	KUNIT_EXPECT_EQ(test, l.max_gpadl_pfns, 1);
	KUNIT_EXPECT_EQ(test, l.max_queued_msgs, 1);
	KUNIT_EXPECT_EQ(test, l.max_inflight_pkts, 1);

	max_channels = UINT_MAX;
	max_queued_msgs = UINT_MAX;
	max_inflight_pkts = UINT_MAX;
	l = hvhost_vmbus_default_limits();
	KUNIT_EXPECT_EQ(test, l.max_channels, HVHOST_VMBUS_MAX_RELID);
	KUNIT_EXPECT_EQ(test, l.max_queued_msgs, 4096);
	KUNIT_EXPECT_EQ(test, l.max_inflight_pkts, 1U << 20);
}

/* A new connection takes the parameters as they are at creation. */
static void limits_new_connection(struct kunit *test)
{
	struct hvhost_partition p = { .nr_vps = 1 };
	struct hvhost_vmbus *vb;

	limits_save(test);
	max_gpadls = 3;
	max_queued_msgs = 5;
	max_inflight_pkts = 7;
	vb = hvhost_vmbus_create(&p);
	KUNIT_ASSERT_NOT_NULL(test, vb);
	KUNIT_EXPECT_EQ(test, vb->limits.max_gpadls, 3);
	KUNIT_EXPECT_EQ(test, vb->gpadls.max_gpadls, 3);
	KUNIT_EXPECT_EQ(test, vb->limits.max_queued_msgs, 5);
	KUNIT_EXPECT_EQ(test, vb->limits.max_inflight_pkts, 7);
	KUNIT_EXPECT_EQ(test, atomic_read(&vb->inflight), 0);
	hvhost_vmbus_destroy(vb);
}

static struct kunit_case limits_cases[] = {
	KUNIT_CASE(limits_defaults),
	KUNIT_CASE(limits_clamped),
	KUNIT_CASE(limits_new_connection),
	{}
};

static struct kunit_suite limits_suite = {
	.name = "hvhost_vmbus_limits",
	.test_cases = limits_cases,
};

kunit_test_suite(limits_suite);
