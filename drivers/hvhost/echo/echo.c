// SPDX-License-Identifier: GPL-2.0-only
/*
 * The echo device: hvhost's smallest VSP.
 *
 * It offers a channel of its own class and, once the guest opens it, sends
 * every in-band packet back with the same transaction id.  It proves the
 * whole path (offer, GPADL, open, rings, kicks, signals, close, rescind) to
 * a real guest before any real device exists, and it is the model for one:
 * kicks are deferred to a work item, each pass is bounded, and a full ring
 * toward the guest stops the reading instead of dropping.
 */
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/workqueue.h>

#include "vmbus/ring.h"
#include "vmbus/vmbus.h"
#include "echo.h"

/* Class "hvhost echo": 2a3a7c47-3f7e-4d6b-9c66-0f4a8e5d1b01. */
const guid_t hvhost_echo_class =
	GUID_INIT(0x2a3a7c47, 0x3f7e, 0x4d6b,
		  0x9c, 0x66, 0x0f, 0x4a, 0x8e, 0x5d, 0x1b, 0x01);

/* Packets handled per pass before the work item yields. */
#define ECHO_BUDGET		64
/* The largest packet echoed; larger ones are counted and dropped. */
#define ECHO_MAX_PKT		4096

/**
 * struct hvhost_echo - one echo device
 * @ch: its channel; valid until @rescinded frees the device.
 * @work: drains the guest's ring; queued by kick, cancelled by close.
 * @stats: counters, written only by @work (and reset by open).
 * @waiting: @work asked the guest for space (pending_send_sz) and has not
 *	found it yet; written only by @work.
 * @buf: the packet being echoed, copied out of the guest's ring.
 *
 * Lifetime: allocated by hvhost_echo_create(), freed by the rescinded
 * callback, which hvhost calls once the channel is gone for good.
 */
struct hvhost_echo {
	struct hvhost_channel *ch;
	struct work_struct work;
	struct hvhost_echo_stats stats;
	bool waiting;
	u8 buf[ECHO_MAX_PKT];
};

/*
 * Echo one packet from e->buf.  Space for the largest echo was checked
 * before the packet was read, so a failed write means a packet too large
 * for a tiny ring; it is dropped and the pass goes on.
 */
static void echo_one(struct hvhost_echo *e, struct hvhost_ring *out, u32 len)
{
	struct vmbus_pkt_desc *desc = (struct vmbus_pkt_desc *)e->buf;
	struct kvec iov = { .iov_base = e->buf, .iov_len = len };

	desc->flags = 0;
	if (hvhost_ring_write(out, &iov, 1)) {
		/* Larger than the guest's ring can ever hold: drop it. */
		e->stats.dropped++;
		return;
	}
	e->stats.echoed++;
}

enum echo_step { ECHO_MORE, ECHO_EMPTY, ECHO_FULL };

/* Handle one packet and say whether the pass can go on. */
static enum echo_step echo_next(struct hvhost_echo *e, struct hvhost_ring *in,
				struct hvhost_ring *out)
{
	const struct vmbus_pkt_desc *desc = (const void *)e->buf;
	u32 len;
	int ret;

	/* Room for the largest echo first: a packet read is a packet owed. */
	if (hvhost_ring_out_avail(out) < ECHO_MAX_PKT) {
		if (!hvhost_ring_out_wait_space(out, ECHO_MAX_PKT)) {
			e->stats.ring_full++;
			e->waiting = true;
			return ECHO_FULL;
		}
	} else if (e->waiting) {
		hvhost_ring_out_space_found(out);
	}
	e->waiting = false;
	ret = hvhost_ring_read(in, e->buf, sizeof(e->buf), &len);
	if (ret == -EAGAIN)
		return ECHO_EMPTY;
	if (ret || desc->type != VM_PKT_DATA_INBAND) {
		e->stats.dropped++;
		return ECHO_MORE;
	}
	echo_one(e, out, len);
	return ECHO_MORE;
}

static void echo_work(struct work_struct *work)
{
	struct hvhost_echo *e = container_of(work, struct hvhost_echo, work);
	struct hvhost_ring *in = hvhost_channel_in(e->ch);
	struct hvhost_ring *out = hvhost_channel_out(e->ch);
	unsigned int budget = ECHO_BUDGET;
	enum echo_step step = ECHO_MORE;
	bool signal;

	e->stats.passes++;
	hvhost_ring_in_disable_interrupts(in);
	while (budget && step == ECHO_MORE) {
		step = echo_next(e, in, out);
		budget--;
	}
	signal = hvhost_ring_read_commit(in);
	signal |= hvhost_ring_write_commit(out);
	if (signal) {
		e->stats.signals++;
		hvhost_channel_signal(e->ch);
	}
	/*
	 * Full: stay masked; the guest kicks once it frees pending_send_sz
	 * bytes.  Out of budget: come back.  Empty: listen, then look once
	 * more for a packet that raced with the unmasking.
	 */
	if (step == ECHO_FULL)
		return;
	if (step == ECHO_MORE || hvhost_ring_in_enable_interrupts(in))
		queue_work(system_wq, &e->work);
}

static int echo_open(struct hvhost_channel *ch, const u8 *userdata)
{
	struct hvhost_echo *e = hvhost_channel_priv(ch);

	memset(&e->stats, 0, sizeof(e->stats));
	e->stats.opens = 1;
	e->waiting = false;
	return 0;
}

static void echo_close(struct hvhost_channel *ch)
{
	struct hvhost_echo *e = hvhost_channel_priv(ch);

	cancel_work_sync(&e->work);
}

static void echo_kick(struct hvhost_channel *ch)
{
	struct hvhost_echo *e = hvhost_channel_priv(ch);

	queue_work(system_wq, &e->work);
}

static void echo_rescinded(struct hvhost_channel *ch)
{
	struct hvhost_echo *e = hvhost_channel_priv(ch);

	cancel_work_sync(&e->work);
	kfree(e);
}

static const struct hvhost_vsp_ops echo_ops = {
	.open = echo_open,
	.close = echo_close,
	.kick = echo_kick,
	.rescinded = echo_rescinded,
	.owner = THIS_MODULE,
};

/**
 * hvhost_echo_create() - offer an echo device to a partition's guest
 * @vb: the partition's VMBus host.
 * @instance: the device's instance GUID, unique in the partition.
 *
 * The device lives until its channel is rescinded (hvhost_vmbus_rescind())
 * or the VMBus host is destroyed.
 *
 * Context: process context; takes the VMBus connection mutex.
 * Return: the device's channel, or an ERR_PTR.
 */
struct hvhost_channel *hvhost_echo_create(struct hvhost_vmbus *vb,
					  const guid_t *instance)
{
	struct hvhost_offer_desc desc = {
		.class_id = hvhost_echo_class,
		.instance_id = *instance,
	};
	struct hvhost_channel *ch;
	struct hvhost_echo *e;

	e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!e)
		return ERR_PTR(-ENOMEM);
	INIT_WORK(&e->work, echo_work);
	ch = hvhost_vmbus_offer(vb, &desc, &echo_ops, e);
	if (IS_ERR(ch)) {
		kfree(e);
		return ch;
	}
	e->ch = ch;
	return ch;
}

/**
 * hvhost_echo_flush() - wait until the device has no pass queued or running
 * @ch: a channel returned by hvhost_echo_create().
 *
 * A pass may queue the next one (budget spent, or data arrived while it
 * re-enabled interrupts), so wait until a flush finds nothing to wait for.
 *
 * Context: process context; no hvhost locks held.
 */
void hvhost_echo_flush(struct hvhost_channel *ch)
{
	struct hvhost_echo *e = hvhost_channel_priv(ch);

	while (flush_work(&e->work))
		;
}

/**
 * hvhost_echo_stats() - the counters of an echo device
 * @ch: a channel returned by hvhost_echo_create().
 * @stats: filled in.
 *
 * Context: any; the counters are read without a lock and may be mid-pass.
 */
void hvhost_echo_stats(struct hvhost_channel *ch,
		       struct hvhost_echo_stats *stats)
{
	const struct hvhost_echo *e = hvhost_channel_priv(ch);

	*stats = e->stats;
}
