// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test VSP used by the whole-flow tests.
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uio.h>

#include "tvsp.h"
#include "vmbus/ring.h"
#include "vmbus/vmbus.h"

/**
 * tvsp_payload_len() - payload length of test packet @seq
 * @seq: sequence number
 *
 * Return: between sizeof(struct tvsp_hdr) and about 500 bytes, varying
 * so that packets straddle the ring's end at every alignment.
 */
u32 tvsp_payload_len(u64 seq)
{
	return sizeof(struct tvsp_hdr) + (u32)((seq * 37 + seq / 7) % 487);
}

static u8 tvsp_byte(u64 seq, u32 i)
{
	return (u8)(seq * 131 + i * 7 + (i >> 8));
}

/**
 * tvsp_fill() - build test payload @seq
 * @buf: at least @len bytes
 * @seq: sequence number
 * @len: tvsp_payload_len(@seq)
 */
void tvsp_fill(void *buf, u64 seq, u32 len)
{
	struct tvsp_hdr *h = buf;
	u8 *p = buf;
	u32 i;

	h->seq = seq;
	h->len = len;
	h->reserved = 0;
	for (i = sizeof(*h); i < len; i++)
		p[i] = tvsp_byte(seq, i);
}

/**
 * tvsp_check() - verify test payload @seq
 * @buf: the payload
 * @len: bytes available at @buf (padding may follow the payload)
 * @seq: expected sequence number
 *
 * Return: true if the header and every byte match.
 */
bool tvsp_check(const void *buf, u32 len, u64 seq)
{
	const struct tvsp_hdr *h = buf;
	const u8 *p = buf;
	u32 i;

	if (len < sizeof(*h) || h->seq != seq || h->reserved ||
	    h->len != tvsp_payload_len(seq) || h->len > len)
		return false;
	for (i = sizeof(*h); i < h->len; i++)
		if (p[i] != tvsp_byte(seq, i))
			return false;
	for (; i < len; i++)
		if (p[i])
			return false;
	return true;
}

static int tvsp_open(struct hvhost_channel *ch, const u8 *userdata)
{
	struct tvsp *v = hvhost_channel_priv(ch);

	v->opens++;
	memcpy(v->userdata, userdata, sizeof(v->userdata));
	/* Each open starts a fresh stream each way. */
	v->rx_seq = 0;
	v->tx_seq = 0;
	if (v->open_ret)
		return v->open_ret;
	v->open = true;
	return 0;
}

static void tvsp_close(struct hvhost_channel *ch)
{
	struct tvsp *v = hvhost_channel_priv(ch);

	v->closes++;
	v->open = false;
}

static void tvsp_kick(struct hvhost_channel *ch)
{
	struct tvsp *v = hvhost_channel_priv(ch);

	atomic64_inc(&v->kicks);
}

static void tvsp_rescinded(struct hvhost_channel *ch)
{
	struct tvsp *v = hvhost_channel_priv(ch);

	v->rescinds++;
	v->nr_chans--;
	if (ch == v->ch)
		v->ch = NULL;
	if (v->orphan && !v->nr_chans)
		kfree(v);
}

static const struct hvhost_vsp_ops tvsp_ops = {
	.open = tvsp_open,
	.close = tvsp_close,
	.kick = tvsp_kick,
	.rescinded = tvsp_rescinded,
};

/* At test end: free now, or when the host frees the channel. */
static void tvsp_release(void *data)
{
	struct tvsp *v = data;

	if (v->nr_chans)
		v->orphan = true;
	else
		kfree(v);
}

/**
 * tvsp_offer_kunit() - create a test VSP and offer its device
 * @test: the test; the VSP is freed after it (or with its channel)
 * @vb: the VMBus host
 * @instance: distinguishes the instance GUIDs of several VSPs
 *
 * Return: the VSP; the test fails if the offer fails.
 */
struct tvsp *tvsp_offer_kunit(struct kunit *test, struct hvhost_vmbus *vb,
			      u8 instance)
{
	struct hvhost_offer_desc desc = {
		.class_id = TVSP_CLASS_GUID,
		.instance_id = GUID_INIT(0x1a57a9ce, 0, 0, 0, 0, 0, 0, 0, 0, 0,
					 instance),
	};
	struct tvsp *v;

	v = kzalloc(sizeof(*v), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, v);
	v->ch = hvhost_vmbus_offer(vb, &desc, &tvsp_ops, v);
	if (IS_ERR_OR_NULL(v->ch)) {
		kfree(v);
		KUNIT_FAIL_AND_ABORT(test, "offer failed");
	}
	v->nr_chans = 1;
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, tvsp_release, v));
	return v;
}

/**
 * tvsp_offer_sub() - offer a subchannel of the VSP's primary channel
 * @v: the VSP
 * @index: subchannel index, 1 or more
 *
 * The subchannel shares the VSP (and its counters) with the primary; the
 * VSP stays allocated until the host has freed all its channels.
 *
 * Return: the subchannel, or an ERR_PTR() from the host.
 */
struct hvhost_channel *tvsp_offer_sub(struct tvsp *v, u16 index)
{
	struct hvhost_channel *sub = hvhost_channel_offer_sub(v->ch, index);

	if (!IS_ERR_OR_NULL(sub))
		v->nr_chans++;
	return sub;
}

static int tvsp_complete(struct tvsp *v, struct hvhost_ring *out, u64 trans_id)
{
	struct vmbus_pkt_desc d = {
		.type = VM_PKT_COMP,
		.offset8 = sizeof(d) / 8,
		.len8 = sizeof(d) / 8,
		.trans_id = trans_id,
	};
	struct kvec iov = { .iov_base = &d, .iov_len = sizeof(d) };
	int ret = hvhost_ring_write(out, &iov, 1);

	if (!ret)
		v->completions++;
	return ret;
}

static void tvsp_rx_one(struct tvsp *v, struct hvhost_ring *out, u32 len)
{
	const struct vmbus_pkt_desc *d = (const void *)v->buf;
	u32 off = d->offset8 * 8;

	v->rx_pkts++;
	if (d->type != VM_PKT_DATA_INBAND || d->trans_id != v->rx_seq ||
	    !tvsp_check(v->buf + off, len - off, v->rx_seq))
		v->rx_bad++;
	v->rx_seq++;
	if ((d->flags & VMBUS_PKT_FLAG_COMPLETION_REQUESTED) &&
	    tvsp_complete(v, out, d->trans_id))
		v->tx_full++;
}

static void tvsp_signal(struct tvsp *v)
{
	v->signals++;
	hvhost_channel_signal(v->ch);
}

/**
 * tvsp_drain() - read every packet the guest sent, completing as asked
 * @v: the VSP, open
 *
 * Publishes the read index and the completions afterwards and signals the
 * guest when the ring rules say so.
 *
 * Return: packets read, or -ENOTCONN if the channel is not open.
 */
int tvsp_drain(struct tvsp *v)
{
	struct hvhost_ring *in, *out;
	bool sig_in, sig_out;
	int n = 0, ret;
	u32 len;

	if (!v->open)
		return -ENOTCONN;
	in = hvhost_channel_in(v->ch);
	out = hvhost_channel_out(v->ch);
	while ((ret = hvhost_ring_read(in, v->buf, sizeof(v->buf), &len)) != -EAGAIN) {
		if (ret) {
			/* A framing error discarded the rest; stop here. */
			v->rx_errors++;
			break;
		}
		tvsp_rx_one(v, out, len);
		n++;
	}
	sig_in = hvhost_ring_read_commit(in);
	sig_out = hvhost_ring_write_commit(out);
	if (sig_in || sig_out)
		tvsp_signal(v);
	return n;
}

/**
 * tvsp_send() - write up to @n numbered packets to the guest
 * @v: the VSP, open
 * @n: packets
 *
 * Stops early when the ring is full, then asks the guest (pending_send_sz)
 * to signal when the next packet fits.  Publishes once at the end.
 *
 * Return: packets written, or -ENOTCONN.
 */
int tvsp_send(struct tvsp *v, unsigned int n)
{
	struct hvhost_ring *out;
	unsigned int i;
	u32 len, plen;

	if (!v->open)
		return -ENOTCONN;
	out = hvhost_channel_out(v->ch);
	for (i = 0; i < n; i++) {
		struct vmbus_pkt_desc *d = (void *)v->buf;
		struct kvec iov;

		plen = tvsp_payload_len(v->tx_seq);
		len = ALIGN(sizeof(*d) + plen, 8);
		memset(v->buf, 0, len);
		d->type = VM_PKT_DATA_INBAND;
		d->offset8 = sizeof(*d) / 8;
		d->len8 = len / 8;
		d->trans_id = v->tx_seq;
		tvsp_fill(v->buf + sizeof(*d), v->tx_seq, plen);
		iov.iov_base = v->buf;
		iov.iov_len = len;
		if (hvhost_ring_write(out, &iov, 1)) {
			v->tx_full++;
			hvhost_ring_out_wait_space(out, len);
			break;
		}
		v->tx_seq++;
	}
	if (hvhost_ring_write_commit(out))
		tvsp_signal(v);
	return i;
}
