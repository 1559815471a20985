/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit only: a capture transport for the connection and channel suites.
 *
 * post_msg appends to an array the test reads back byte by byte, pin hands
 * out pages allocated up front as "guest memory", check() bounds-checks
 * against that fake guest's size, and signal_event records its arguments.
 */
#ifndef _HVHOST_VMBUS_TEST_CAPTURE_H
#define _HVHOST_VMBUS_TEST_CAPTURE_H

#include <kunit/test.h>
#include <linux/types.h>

#include "../partition.h"
#include "proto.h"
#include "vmbus.h"

#define CAP_MAX_MSGS		512
#define CAP_GUEST_PAGES		64
#define CAP_NR_VPS		4
#define CAP_MAX_SIGNALS		16

/**
 * struct cap - a captured partition
 * @p: the partition handed to the VMBus host.
 * @vb: the VMBus host under test.
 * @test: the running test.
 * @msgs: messages the host posted, in order.
 * @vps: the target VP of each message in @msgs.
 * @n: entries in @msgs.
 * @seen: entries of @msgs the test consumed with cap_next().
 * @busy: while set, post_msg returns -EAGAIN (slot occupied).
 * @posts: post_msg calls, busy or not.
 * @pages: the guest's memory, pfn i is @pages[i].
 * @pinned: pages currently pinned.
 * @sig_vp: VP of each signal_event call.
 * @sig_sint: SINT of each signal_event call.
 * @sig_flag: event flag of each signal_event call.
 * @nr_sigs: signal_event calls.
 */
struct cap {
	struct hvhost_partition p;
	struct hvhost_vmbus *vb;
	struct kunit *test;
	struct hv_message msgs[CAP_MAX_MSGS];
	u32 vps[CAP_MAX_MSGS];
	unsigned int n;
	unsigned int seen;
	bool busy;
	unsigned int posts;
	struct page *pages[CAP_GUEST_PAGES];
	int pinned;
	u32 sig_vp[CAP_MAX_SIGNALS];
	u8 sig_sint[CAP_MAX_SIGNALS];
	u32 sig_flag[CAP_MAX_SIGNALS];
	unsigned int nr_sigs;
};

struct cap *cap_create(struct kunit *test);
u16 cap_post(struct cap *c, u32 conn_id, const void *msg, u32 size);
u16 cap_post_ok(struct cap *c, const void *msg, u32 size);
const struct hv_message *cap_next(struct cap *c);
void cap_expect_msg(struct cap *c, const void *msg, u32 size);
void cap_expect_msg_vp(struct cap *c, u32 vp, const void *msg, u32 size);
void cap_expect_none(struct cap *c);
void cap_connect(struct cap *c, u32 version);
void cap_request_offers(struct cap *c, unsigned int nr_offers);
void cap_gpadl(struct cap *c, u32 relid, u32 id, u32 first_pfn, u32 nr);
void *cap_guest_page(struct cap *c, u32 pfn);

#endif /* _HVHOST_VMBUS_TEST_CAPTURE_H */
