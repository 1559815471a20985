// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the echo device against the software test guest.
 *
 * The guest finds the device by its class, opens it and checks that every
 * in-band packet comes back byte for byte with its transaction id, that a
 * full guest ring stops the device instead of losing packets, and that
 * what the device cannot echo is counted, not sent.
 */
#include <kunit/test.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "echo/echo.h"
#include "test/tguest.h"
#include "test/tpart.h"
#include "vmbus/vmbus.h"

#define ECHO_TEST_MEM	SZ_16M

static const guid_t echo_test_instance =
	GUID_INIT(0x11111111, 0x2222, 0x3333,
		  0x44, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55);

struct echo_env {
	struct kunit *test;
	struct tpart *tp;
	struct tguest *g;
	struct hvhost_channel *dev;
	struct tguest_chan *ch;
	u8 *buf;
};

static struct echo_env *echo_setup(struct kunit *test, u32 ring_bytes)
{
	struct echo_env *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, e);
	e->buf = kunit_kzalloc(test, TGUEST_PKT_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e->buf);
	e->test = test;
	e->tp = tpart_create_kunit(test, ECHO_TEST_MEM, 1);
	e->dev = hvhost_echo_create(tpart_vmbus(e->tp), &echo_test_instance);
	KUNIT_ASSERT_FALSE(test, IS_ERR(e->dev));
	e->g = tguest_create_kunit(test, e->tp);
	KUNIT_ASSERT_EQ(test, tguest_connect(e->g), VMBUS_VERSION_WIN10_V5_3);
	KUNIT_ASSERT_EQ(test, tguest_request_offers(e->g), 0);
	e->ch = tguest_find_class(e->g, &hvhost_echo_class);
	KUNIT_ASSERT_NOT_NULL(test, e->ch);
	KUNIT_ASSERT_EQ(test, tguest_open(e->ch, ring_bytes, ring_bytes, NULL),
			0);
	return e;
}

static void echo_fill(u8 *buf, u64 seq, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		buf[i] = (u8)(seq * 31 + i);
}

static u32 echo_len(u64 seq)
{
	return 8 + (seq * 13) % 1500;
}

/* Guest: read every echo and check it is packet @*next, in order. */
static unsigned int echo_drain(struct echo_env *e, u64 *next)
{
	const struct vmbus_pkt_desc *d = (const void *)e->buf;
	u8 want[1600];
	unsigned int n = 0;
	u32 len, plen;

	while (!tguest_chan_recv(e->ch, e->buf, TGUEST_PKT_MAX, &len)) {
		plen = echo_len(*next);
		echo_fill(want, *next, plen);
		KUNIT_EXPECT_EQ(e->test, d->type, VM_PKT_DATA_INBAND);
		KUNIT_EXPECT_EQ(e->test, d->trans_id, *next);
		KUNIT_EXPECT_EQ(e->test, d->flags, 0);
		KUNIT_EXPECT_EQ(e->test, len, ALIGN(16 + plen, 8));
		KUNIT_EXPECT_EQ(e->test, memcmp(e->buf + 16, want, plen), 0);
		(*next)++;
		n++;
	}
	tguest_chan_recv_done(e->ch);
	return n;
}

static int echo_send(struct echo_env *e, u64 seq)
{
	u8 payload[1600];
	u32 len = echo_len(seq);

	echo_fill(payload, seq, len);
	return tguest_chan_send(e->ch, VM_PKT_DATA_INBAND,
				VMBUS_PKT_FLAG_COMPLETION_REQUESTED, seq,
				payload, len);
}

/* The offer carries the echo class and the instance the host chose. */
static void echo_offer(struct kunit *test)
{
	struct echo_env *e = echo_setup(test, SZ_64K);

	KUNIT_EXPECT_TRUE(test, guid_equal(&e->ch->offer.offer.if_type,
					   &hvhost_echo_class));
	KUNIT_EXPECT_TRUE(test, guid_equal(&e->ch->offer.offer.if_instance,
					   &echo_test_instance));
	KUNIT_EXPECT_EQ(test, e->ch->offer.monitorid, VMBUS_NO_MONITOR_ID);
}

/* 5,000 packets in batches of 1..16, each echoed intact and in order. */
static void echo_roundtrip(struct kunit *test)
{
	struct echo_env *e = echo_setup(test, SZ_64K);
	struct hvhost_echo_stats st;
	u64 sent = 0, next = 0;
	unsigned int batch, batches = 0;

	while (sent < 5000) {
		for (batch = 1 + sent % 16; batch && sent < 5000; batch--)
			KUNIT_ASSERT_EQ(test, echo_send(e, sent++), 0);
		hvhost_echo_flush(e->dev);
		echo_drain(e, &next);
		batches++;
	}
	KUNIT_EXPECT_EQ(test, next, 5000);
	hvhost_echo_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(test, st.opens, 1);
	KUNIT_EXPECT_EQ(test, st.echoed, 5000);
	KUNIT_EXPECT_EQ(test, st.dropped, 0);
	/*
	 * Each batch found the guest's ring drained, so its first echo is an
	 * empty->non-empty transition the guest must hear about.
	 */
	KUNIT_EXPECT_GE(test, st.signals, batches);
}

/*
 * A guest that stops reading: the device stops when the guest's ring is
 * full, keeps the rest in the guest's outbound ring, and finishes after
 * the guest drains (the guest's pending_send_sz kick).  Nothing is lost.
 */
static void echo_backpressure(struct kunit *test)
{
	struct echo_env *e = echo_setup(test, 4 * HV_PAGE_SIZE);
	struct hvhost_echo_stats st;
	u64 sent = 0, next = 0;
	unsigned int rounds = 0;

	/* Fill the guest's outbound ring without reading a single echo. */
	while (echo_send(e, sent) == 0)
		sent++;
	KUNIT_ASSERT_GT(test, sent, 4);
	hvhost_echo_flush(e->dev);
	hvhost_echo_stats(e->dev, &st);
	KUNIT_EXPECT_GT(test, st.ring_full, 0);
	KUNIT_EXPECT_LT(test, st.echoed, sent);
	KUNIT_EXPECT_EQ(test, st.dropped, 0);

	while (next < sent && rounds++ < 1000) {
		echo_drain(e, &next);
		hvhost_echo_flush(e->dev);
	}
	KUNIT_EXPECT_EQ(test, next, sent);
	hvhost_echo_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(test, st.echoed, sent);
	KUNIT_EXPECT_EQ(test, st.dropped, 0);
	/* Space found again: the guest is no longer asked to signal for it. */
	KUNIT_EXPECT_EQ(test, e->ch->in.hdr->pending_send_sz, 0);
}

/* Completions and other non-data packets are counted, never echoed. */
static void echo_drops_non_inband(struct kunit *test)
{
	struct echo_env *e = echo_setup(test, SZ_64K);
	struct hvhost_echo_stats st;
	u8 payload[8] = { 1, 2, 3 };
	u64 next = 7;

	KUNIT_ASSERT_EQ(test, tguest_chan_send(e->ch, VM_PKT_COMP, 0, 99,
					       payload, sizeof(payload)), 0);
	KUNIT_ASSERT_EQ(test, echo_send(e, 7), 0);
	hvhost_echo_flush(e->dev);
	KUNIT_EXPECT_EQ(test, echo_drain(e, &next), 1);
	hvhost_echo_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(test, st.dropped, 1);
	KUNIT_EXPECT_EQ(test, st.echoed, 1);
}

static struct kunit_case echo_cases[] = {
	KUNIT_CASE(echo_offer),
	KUNIT_CASE(echo_roundtrip),
	KUNIT_CASE(echo_backpressure),
	KUNIT_CASE(echo_drops_non_inband),
	{}
};

static struct kunit_suite echo_suite = {
	.name = "hvhost_echo",
	.test_cases = echo_cases,
};

kunit_test_suite(echo_suite);
