// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the test partition itself - memory bounds, pinning, and the
 * simulated SynIC's Hyper-V semantics - so the flow tests stand on
 * something checked.  No VMBus host is attached here.
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "tpart.h"

KUNIT_DEFINE_ACTION_WRAPPER(tpart_test_destroy, tpart_destroy, struct tpart *);

/* Two VPs, no VMBus host: EOM goes nowhere. */
static struct tpart *tpart_test_create(struct kunit *test, u64 bytes)
{
	struct tpart *tp = tpart_create(bytes, 2);

	KUNIT_ASSERT_NOT_NULL(test, tp);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, tpart_test_destroy, tp));
	return tp;
}

static void tpart_bounds(struct kunit *test)
{
	struct tpart *tp = tpart_test_create(test, 16 * HV_PAGE_SIZE);
	const struct hvhost_transport_ops *ops = tp->part.ops;
	u8 in[64], out[64];
	u64 end = tpart_mem_bytes(tp);

	memset(in, 0x5a, sizeof(in));
	/* Across a page boundary, both ways, through the partition ops. */
	KUNIT_EXPECT_EQ(test, ops->write(&tp->part, HV_PAGE_SIZE - 32, in,
					 sizeof(in)), 0);
	KUNIT_EXPECT_EQ(test, ops->read(&tp->part, HV_PAGE_SIZE - 32, out,
					sizeof(out)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(in, out, sizeof(in)), 0);
	KUNIT_EXPECT_EQ(test, ops->read(&tp->part, end - 8, out, 8), 0);
	KUNIT_EXPECT_EQ(test, ops->read(&tp->part, end - 4, out, 8), -EFAULT);
	KUNIT_EXPECT_EQ(test, ops->write(&tp->part, end, in, 1), -EFAULT);
	KUNIT_EXPECT_EQ(test, ops->read(&tp->part, U64_MAX - 3, out, 8), -EFAULT);
	KUNIT_EXPECT_EQ(test, ops->check(&tp->part, 0, end), 0);
	KUNIT_EXPECT_EQ(test, ops->check(&tp->part, 1, end), -EFAULT);
	KUNIT_EXPECT_EQ(test, ops->check(&tp->part, U64_MAX, 2), -EFAULT);
	KUNIT_EXPECT_NOT_NULL(test, tpart_ptr(tp, HV_PAGE_SIZE, HV_PAGE_SIZE));
	KUNIT_EXPECT_NULL(test, tpart_ptr(tp, HV_PAGE_SIZE - 8, 16));
	KUNIT_EXPECT_EQ(test, tpart_zero(tp, HV_PAGE_SIZE - 32, sizeof(in)), 0);
	KUNIT_EXPECT_EQ(test, tpart_read(tp, HV_PAGE_SIZE - 32, out, sizeof(out)), 0);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(out, 0, sizeof(out)));
}

static void tpart_pin_quota(struct kunit *test)
{
	struct tpart *tp = tpart_test_create(test, 16 * HV_PAGE_SIZE);
	const struct hvhost_transport_ops *ops = tp->part.ops;
	u64 pfns[3] = { 1, 7, 15 }, bad[2] = { 2, 16 };
	struct page *pages[3];

	tp->max_pinned = 4;
	KUNIT_ASSERT_EQ(test, ops->pin(&tp->part, pfns, 3, pages), 0);
	KUNIT_EXPECT_PTR_EQ(test, pages[1], tp->pages[7]);
	KUNIT_EXPECT_EQ(test, tpart_stats(tp).pinned, 3);
	KUNIT_EXPECT_EQ(test, ops->pin(&tp->part, pfns, 2, pages + 1), -ENOMEM);
	KUNIT_EXPECT_EQ(test, ops->pin(&tp->part, bad, 2, pages + 1), -EFAULT);
	KUNIT_EXPECT_EQ(test, tpart_stats(tp).bad_args, 1);
	KUNIT_EXPECT_EQ(test, tpart_stats(tp).pinned, 3);
	ops->unpin(&tp->part, pages, 3);
	KUNIT_EXPECT_EQ(test, tpart_stats(tp).pinned, 0);
	KUNIT_EXPECT_EQ(test, tpart_stats(tp).pins, 3);
}

static void tpart_msg(struct hv_message *m, u32 type)
{
	memset(m, 0, sizeof(*m));
	m->header.message_type = HV_MESSAGE_TYPE_VMBUS;
	m->header.payload_size = 8;
	memcpy(m->payload, &type, sizeof(type));
}

static void tpart_slot_semantics(struct kunit *test)
{
	struct tpart *tp = tpart_test_create(test, 4 * HV_PAGE_SIZE);
	const struct hvhost_transport_ops *ops = tp->part.ops;
	struct hv_message a, b, got;
	struct hv_message *slot = tpart_msg_slot(tp, 1, 2);
	u32 type;

	tpart_msg(&a, 1);
	tpart_msg(&b, 2);
	KUNIT_ASSERT_NOT_NULL(test, slot);
	KUNIT_EXPECT_EQ(test, ops->post_msg(&tp->part, 1, 2, &a), 0);
	/* Busy: refused, PENDING set, content untouched. */
	KUNIT_EXPECT_EQ(test, ops->post_msg(&tp->part, 1, 2, &b), -EAGAIN);
	KUNIT_EXPECT_EQ(test, slot->header.message_flags, HV_MESSAGE_FLAG_PENDING);
	KUNIT_EXPECT_EQ(test, memcmp(slot->payload, a.payload, 8), 0);
	/* Another SINT or VP is another slot. */
	KUNIT_EXPECT_EQ(test, ops->post_msg(&tp->part, 0, 2, &b), 0);
	KUNIT_EXPECT_EQ(test, ops->post_msg(&tp->part, 2, 2, &b), -EINVAL);
	KUNIT_EXPECT_EQ(test, ops->post_msg(&tp->part, 1, 16, &b), -EINVAL);

	KUNIT_EXPECT_TRUE(test, tpart_msg_take(tp, 1, 2, &got));
	memcpy(&type, got.payload, sizeof(type));
	KUNIT_EXPECT_EQ(test, type, 1);
	KUNIT_EXPECT_EQ(test, slot->header.message_type, HV_MESSAGE_TYPE_NONE);
	KUNIT_EXPECT_EQ(test, tpart_stats(tp).eoms, 1);
	KUNIT_EXPECT_FALSE(test, tpart_msg_take(tp, 1, 2, &got));
	KUNIT_EXPECT_EQ(test, ops->post_msg(&tp->part, 1, 2, &b), 0);
	KUNIT_EXPECT_TRUE(test, tpart_msg_take(tp, 1, 2, &got));
	/* Not PENDING this time: no EOM. */
	KUNIT_EXPECT_EQ(test, tpart_stats(tp).eoms, 1);
	KUNIT_EXPECT_EQ(test, tpart_stats(tp).posts, 3);
	KUNIT_EXPECT_EQ(test, tpart_stats(tp).busy, 1);
	KUNIT_EXPECT_EQ(test, tpart_stats(tp).bad_args, 2);
	b.header.message_type = HV_MESSAGE_TYPE_NONE;
	KUNIT_EXPECT_EQ(test, ops->post_msg(&tp->part, 1, 2, &b), -EINVAL);
}

static void tpart_events(struct kunit *test)
{
	struct tpart *tp = tpart_test_create(test, 4 * HV_PAGE_SIZE);
	const struct hvhost_transport_ops *ops = tp->part.ops;

	KUNIT_EXPECT_EQ(test, ops->signal_event(&tp->part, 1, 2, 2047), 0);
	KUNIT_EXPECT_EQ(test, ops->signal_event(&tp->part, 1, 2, 5), 0);
	KUNIT_EXPECT_EQ(test, ops->signal_event(&tp->part, 1, 2, 5), 0);
	KUNIT_EXPECT_EQ(test, ops->signal_event(&tp->part, 1, 2, 2048), -EINVAL);
	KUNIT_EXPECT_EQ(test, ops->signal_event(&tp->part, 2, 2, 1), -EINVAL);
	KUNIT_EXPECT_TRUE(test, tpart_event_test(tp, 1, 2, 5));
	KUNIT_EXPECT_FALSE(test, tpart_event_test(tp, 0, 2, 5));
	KUNIT_EXPECT_FALSE(test, tpart_event_test(tp, 1, 3, 5));
	KUNIT_EXPECT_EQ(test, tpart_event_take(tp, 1, 2), 5);
	KUNIT_EXPECT_EQ(test, tpart_event_take(tp, 1, 2), 2047);
	KUNIT_EXPECT_EQ(test, tpart_event_take(tp, 1, 2), -ENOENT);
	KUNIT_EXPECT_EQ(test, tpart_stats(tp).signals, 3);
	KUNIT_EXPECT_EQ(test, tpart_stats(tp).bad_args, 2);
}

static struct kunit_case tpart_cases[] = {
	KUNIT_CASE(tpart_bounds),
	KUNIT_CASE(tpart_pin_quota),
	KUNIT_CASE(tpart_slot_semantics),
	KUNIT_CASE(tpart_events),
	{}
};

static struct kunit_suite tpart_suite = {
	.name = "hvhost_tpart",
	.test_cases = tpart_cases,
};

kunit_test_suite(tpart_suite);
