/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A tiny test VSP: offers one device of a test class, reads the packets
 * the guest sends (checking sequence numbers and every payload byte),
 * completes those that ask for it, and writes numbered packets to the
 * guest on request.  Kicks only count: the test drains the VSP
 * explicitly with tvsp_drain(), which keeps flows deterministic.
 *
 * Test packets carry a struct tvsp_hdr and then bytes that are a function
 * of the sequence number and position, so either side can verify them.
 *
 * Locking: the callbacks and the test run on one thread, except @kick,
 * which only touches an atomic counter.
 */
#ifndef _HVHOST_TEST_TVSP_H
#define _HVHOST_TEST_TVSP_H

#include <linux/atomic.h>
#include <linux/types.h>
#include <linux/uuid.h>

#include "vmbus/proto.h"

struct hvhost_channel;
struct hvhost_vmbus;
struct kunit;

/* The test device class. */
#define TVSP_CLASS_GUID GUID_INIT(0x7e577e57, 0x0b05, 0x4e1f, 0x9a, 0x1b, \
				  0x74, 0x67, 0x75, 0x65, 0x73, 0x74)

/* Largest test packet, descriptor included. */
#define TVSP_PKT_MAX	2048

/**
 * struct tvsp_hdr - start of every test payload
 * @seq: sequence number, from 0 in each direction.
 * @len: payload bytes including this header.
 * @reserved: zero.
 */
struct tvsp_hdr {
	u64 seq;
	u32 len;
	u32 reserved;
} __packed;

/**
 * struct tvsp - the test VSP
 * @ch: its primary channel, NULL after a finished rescind.
 * @nr_chans: channels the host still holds with this VSP as data.
 * @orphan: the test ended first; the rescinded callback frees the VSP.
 * @open: the channel is open on the VSP side.
 * @open_ret: what @open returns (set non-zero to refuse).
 * @userdata: OPENCHANNEL user data of the last open.
 * @opens: open callbacks.
 * @closes: close callbacks.
 * @kicks: kick callbacks.
 * @rescinds: rescinded callbacks.
 * @rx_pkts: packets read.
 * @rx_seq: next expected sequence number; 0 again on each open.
 * @rx_bad: packets with a wrong type, length, sequence or byte.
 * @rx_errors: ring read errors.
 * @completions: completions written.
 * @tx_seq: next sequence number to send; 0 again on each open.
 * @tx_full: writes refused for lack of space.
 * @signals: hvhost_channel_signal() calls.
 * @buf: packet buffer.
 */
struct tvsp {
	struct hvhost_channel *ch;
	unsigned int nr_chans;
	bool orphan;
	bool open;
	int open_ret;
	u8 userdata[VMBUS_MAX_USER_DEFINED_BYTES];
	u64 opens;
	u64 closes;
	atomic64_t kicks;
	u64 rescinds;
	u64 rx_pkts;
	u64 rx_seq;
	u64 rx_bad;
	u64 rx_errors;
	u64 completions;
	u64 tx_seq;
	u64 tx_full;
	u64 signals;
	u8 buf[TVSP_PKT_MAX];
};

struct tvsp *tvsp_offer_kunit(struct kunit *test, struct hvhost_vmbus *vb,
			      u8 instance);
struct hvhost_channel *tvsp_offer_sub(struct tvsp *v, u16 index);
int tvsp_drain(struct tvsp *v);
int tvsp_send(struct tvsp *v, unsigned int n);

u32 tvsp_payload_len(u64 seq);
void tvsp_fill(void *buf, u64 seq, u32 len);
bool tvsp_check(const void *buf, u32 len, u64 seq);

#endif /* _HVHOST_TEST_TVSP_H */
