// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: VMBus wire layouts, byte for byte.
 */
#include <kunit/test.h>
#include <linux/stddef.h>

#include "proto.h"

static void proto_offer_layout(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_msg_offer_channel, offer), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_msg_offer_channel, child_relid), 184);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_msg_offer_channel, monitorid), 188);
	KUNIT_EXPECT_EQ(test, offsetof(struct vmbus_msg_offer_channel, connection_id), 192);
}

static struct kunit_case proto_cases[] = {
	KUNIT_CASE(proto_offer_layout),
	{}
};

static struct kunit_suite proto_suite = {
	.name = "hvhost_vmbus_proto",
	.test_cases = proto_cases,
};

kunit_test_suite(proto_suite);
