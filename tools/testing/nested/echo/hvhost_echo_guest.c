// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvhost_echo_guest: runs inside the nested tier's L2 guest and drives
 * hvhost's echo device through the stock hv_vmbus: a plain vmbus driver
 * for the echo class.  Its probe opens the channel with 64 KiB rings,
 * sends ECHO_PACKETS in-band packets of varying sizes and checks, in the
 * channel callback, that every echo comes back in order with the same
 * transaction id and the same bytes.  A full ring (-EAGAIN) is answered
 * by waiting for echoes.  The verdict is one line,
 * "HVHOST-TEST l2-<tag>-echo-traffic PASS|FAIL (...)", which the L2 init
 * copies from dmesg to the console; then the channel is closed.  The
 * line also gives hv_vmbus's own counts for the run: kicks (HvSignalEvent
 * calls, channel->sig_events) and interrupts from the host.
 *
 * Not part of hvhost: built against the stock kernel's headers.
 */
#include <linux/module.h>
#include <linux/hyperv.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/wait.h>

#define ECHO_PACKETS		10000
#define ECHO_RING_SIZE		(64 * 1024)
/* Packet and descriptor fit hvhost's echo limit and hv_vmbus's 4 KiB. */
#define ECHO_MAX_PAYLOAD	(4096 - 16)
#define ECHO_TRANS_BASE		0x4856454300000000ULL	/* "HVEC" */
/* No echo for this long means the test has failed. */
#define ECHO_STALL_MS		20000
/* No echo for this long is worth a note in the log. */
#define ECHO_QUIET_MS		1000

static char *tag = "run";
module_param(tag, charp, 0444);
MODULE_PARM_DESC(tag, "test name tag (l2-<tag>-echo-traffic)");

/**
 * struct echo_guest - one test run
 * @chan: the echo channel, open during the run.
 * @wq: the sender waits here for echoes.
 * @received: echoes checked so far; written by the channel callback only.
 * @bytes: payload bytes of those echoes.
 * @failed: set once by the callback on the first bad echo.
 * @why: what was wrong with it.
 * @rx: the callback's receive buffer.
 * @expect: the callback's reference copy of the packet being checked.
 *
 * The channel callback (one tasklet per channel, never concurrent with
 * itself) owns @rx, @expect and @why until @failed is set; the probe
 * thread reads @received and @failed with acquire semantics.
 */
struct echo_guest {
	struct vmbus_channel *chan;
	wait_queue_head_t wq;
	atomic_t received;
	u64 bytes;
	atomic_t failed;
	char why[96];
	u8 rx[ECHO_MAX_PAYLOAD + 16];
	u8 expect[ECHO_MAX_PAYLOAD];
};

/* Payload size of packet @i: 1 .. ECHO_MAX_PAYLOAD, spread out. */
static u32 echo_size(u32 i)
{
	if (i % 97 == 0)
		return ECHO_MAX_PAYLOAD;
	return 1 + ((i * 2654435761U) >> 8) % 2048;
}

static void echo_fill(u8 *buf, u32 i, u32 len)
{
	u32 j;

	for (j = 0; j < len; j++)
		buf[j] = (u8)(i * 131 + j * 7 + (j >> 8));
}

static void echo_fail(struct echo_guest *g, u32 seq, const char *what,
		      u64 got, u64 want)
{
	snprintf(g->why, sizeof(g->why), "packet %u: %s %llu, want %llu",
		 seq, what, got, want);
	atomic_set_release(&g->failed, 1);
}

/* Check one echo against packet @seq; false (and @failed set) if bad. */
static bool echo_check(struct echo_guest *g, u32 seq, u32 len, u64 trans)
{
	u32 want = echo_size(seq);

	if (trans != ECHO_TRANS_BASE + seq) {
		echo_fail(g, seq, "transaction id", trans, ECHO_TRANS_BASE + seq);
		return false;
	}
	if (len != ALIGN(want, 8)) {
		echo_fail(g, seq, "length", len, ALIGN(want, 8));
		return false;
	}
	echo_fill(g->expect, seq, want);
	if (memcmp(g->rx, g->expect, want)) {
		echo_fail(g, seq, "payload differs, size", len, want);
		return false;
	}
	g->bytes += want;
	return true;
}

static void echo_callback(void *context)
{
	struct echo_guest *g = context;
	u32 len, seq;
	u64 trans;
	int ret;

	while (!atomic_read(&g->failed)) {
		ret = vmbus_recvpacket(g->chan, g->rx, sizeof(g->rx), &len,
				       &trans);
		if (ret) {
			echo_fail(g, atomic_read(&g->received), "recv error",
				  -ret, 0);
			break;
		}
		if (!len)
			break;
		seq = atomic_read(&g->received);
		if (seq >= ECHO_PACKETS) {
			echo_fail(g, seq, "extra echo, count", seq + 1,
				  ECHO_PACKETS);
			break;
		}
		if (!echo_check(g, seq, len, trans))
			break;
		atomic_set_release(&g->received, seq + 1);
	}
	wake_up(&g->wq);
}

static bool echo_progress(struct echo_guest *g, int seen)
{
	return atomic_read_acquire(&g->received) != seen ||
	       atomic_read_acquire(&g->failed);
}

/* On a stall: both rings' shared indexes, for the log. */
static void echo_dump_rings(struct echo_guest *g)
{
	struct hv_ring_buffer *out = g->chan->outbound.ring_buffer;
	struct hv_ring_buffer *in = g->chan->inbound.ring_buffer;

	pr_info("hvhost_echo_guest: received=%d out w=%u r=%u mask=%u pend=%u in w=%u r=%u mask=%u pend=%u intr_in_full=%llu intr_out_empty=%llu\n",
		atomic_read(&g->received),
		READ_ONCE(out->write_index), READ_ONCE(out->read_index),
		READ_ONCE(out->interrupt_mask), READ_ONCE(out->pending_send_sz),
		READ_ONCE(in->write_index), READ_ONCE(in->read_index),
		READ_ONCE(in->interrupt_mask), READ_ONCE(in->pending_send_sz),
		g->chan->intr_in_full, g->chan->intr_out_empty);
}

/*
 * Wait for an echo beyond @seen, a count of echoes the caller read before
 * it decided to wait (before the send that failed, before the last look
 * at the count): one that came in between ends the wait at once instead
 * of being waited for again.  False if none came for ECHO_STALL_MS.
 * Quiet spells of ECHO_QUIET_MS are counted in @stalls and the first one
 * logs both rings.
 */
static bool echo_wait(struct echo_guest *g, int seen, u32 *stalls)
{
	unsigned int waited;

	for (waited = 0; waited < ECHO_STALL_MS; waited += ECHO_QUIET_MS) {
		if (wait_event_timeout(g->wq, echo_progress(g, seen),
				       msecs_to_jiffies(ECHO_QUIET_MS)))
			return true;
		if (!(*stalls)++)
			echo_dump_rings(g);
	}
	return false;
}

/* Send every packet; returns 0 or a short reason. */
static const char *echo_send_all(struct echo_guest *g, u8 *tx, u32 *eagain,
				 u32 *stalls)
{
	u32 i, size, flags;
	int ret, seen;

	for (i = 0; i < ECHO_PACKETS && !atomic_read_acquire(&g->failed); ) {
		size = echo_size(i);
		flags = (i & 1) ? VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED : 0;
		echo_fill(tx, i, size);
		/* Echoes can drain the ring while the send fails. */
		seen = atomic_read_acquire(&g->received);
		ret = vmbus_sendpacket(g->chan, tx, size, ECHO_TRANS_BASE + i,
				       VM_PKT_DATA_INBAND, flags);
		if (ret == -EAGAIN) {
			(*eagain)++;
			if (!echo_wait(g, seen, stalls))
				return "stalled with the ring full";
			continue;
		}
		if (ret)
			return "vmbus_sendpacket failed";
		i++;
	}
	for (;;) {
		seen = atomic_read_acquire(&g->received);
		if (seen >= ECHO_PACKETS || atomic_read_acquire(&g->failed))
			return NULL;
		if (!echo_wait(g, seen, stalls))
			return "stalled waiting for echoes";
	}
}

static void echo_run(struct echo_guest *g, u8 *tx)
{
	u64 kicks = READ_ONCE(g->chan->sig_events);
	u64 intrs = READ_ONCE(g->chan->interrupts);
	const char *err;
	u32 eagain = 0, stalls = 0;
	ktime_t t0;
	s64 us;

	t0 = ktime_get();
	err = echo_send_all(g, tx, &eagain, &stalls);
	us = ktime_us_delta(ktime_get(), t0);
	kicks = READ_ONCE(g->chan->sig_events) - kicks;
	intrs = READ_ONCE(g->chan->interrupts) - intrs;
	if (atomic_read_acquire(&g->failed))
		err = g->why;
	pr_info("HVHOST-TEST l2-%s-echo-traffic %s (packets=%d bytes=%llu secs=%lld.%03lld eagain=%u stalls=%u kicks=%llu interrupts=%llu%s%s)\n",
		tag, err ? "FAIL" : "PASS", atomic_read_acquire(&g->received),
		g->bytes, us / USEC_PER_SEC, (us % USEC_PER_SEC) / 1000,
		eagain, stalls, kicks, intrs, err ? " " : "", err ? err : "");
}

static int echo_probe(struct hv_device *dev, const struct hv_vmbus_device_id *id)
{
	struct echo_guest *g;
	u8 *tx;
	int ret;

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	tx = kmalloc(ECHO_MAX_PAYLOAD, GFP_KERNEL);
	if (!g || !tx) {
		ret = -ENOMEM;
		goto out;
	}
	init_waitqueue_head(&g->wq);
	g->chan = dev->channel;
	ret = vmbus_open(dev->channel, ECHO_RING_SIZE, ECHO_RING_SIZE, NULL, 0,
			 echo_callback, g);
	if (ret) {
		pr_info("HVHOST-TEST l2-%s-echo-traffic FAIL (vmbus_open %d)\n",
			tag, ret);
		goto out;
	}
	echo_run(g, tx);
	vmbus_close(dev->channel);
out:
	kfree(tx);
	kfree(g);
	/* The run is over either way; stay bound so remove is trivial. */
	return ret;
}

static void echo_remove(struct hv_device *dev)
{
}

/* hvhost's echo class: 2a3a7c47-3f7e-4d6b-9c66-0f4a8e5d1b01. */
static const struct hv_vmbus_device_id echo_id_table[] = {
	{ .guid = GUID_INIT(0x2a3a7c47, 0x3f7e, 0x4d6b, 0x9c, 0x66,
			    0x0f, 0x4a, 0x8e, 0x5d, 0x1b, 0x01) },
	{ },
};
MODULE_DEVICE_TABLE(vmbus, echo_id_table);

static struct hv_driver echo_driver = {
	.name = "hvhost_echo_guest",
	.id_table = echo_id_table,
	.probe = echo_probe,
	.remove = echo_remove,
};

static int __init echo_guest_init(void)
{
	return vmbus_driver_register(&echo_driver);
}

static void __exit echo_guest_exit(void)
{
	vmbus_driver_unregister(&echo_driver);
}

module_init(echo_guest_init);
module_exit(echo_guest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvhost nested tier: echo traffic from a stock guest");
