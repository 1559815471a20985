/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The synthetic NIC's VMBus channel: offer, NVSP over the rings, the
 * guest's receive and send buffers, RNDIS control and data frames.
 *
 * hvnet_chan_create() offers a NIC to a partition's guest.  Once the guest
 * opens the channel, a work item drains its ring in bounded passes, hands
 * each NVSP message to nvsp.c, RNDIS messages to rndis.c and rndis_pkt.c,
 * and answers with completions and receive-buffer transfer-page packets.
 * Guest frames go to a hook (the future netdev); hvnet_chan_rx_frame()
 * puts a frame into a receive slot for the guest.
 */
#ifndef _HVHOST_NETVSP_CHAN_H
#define _HVHOST_NETVSP_CHAN_H

#include <linux/if_ether.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <linux/uuid.h>

struct hvhost_channel;
struct hvhost_vmbus;
struct hvnet_pkt_meta;
struct hvnet_rx_meta;

/**
 * struct hvnet_chan_hooks - what the network side implements
 *
 * All hooks run from the channel's work item (or open/close) with the
 * NIC's lock held, so they must not call hvnet_chan_*() functions that
 * take it.  They may not sleep for long; they must not take the RTNL.
 *
 * @xmit: the guest sent a frame, already checked: @frame (a host copy,
 *	valid during the call) has @meta->data_len bytes.
 * @xmit_flush: the pass that called @xmit is over: hand the frames on.
 * @rx_peek: the next frame for the guest, or NULL; it stays queued (the
 *	work item is the only consumer) until @rx_done.
 * @rx_done: the frame @rx_peek returned was delivered (@err 0) or dropped
 *	(-EMSGSIZE too big for a receive slot, -ENETDOWN the guest's NIC is
 *	not ready, -EPERM filtered): dequeue and free it.
 * @ready: the guest's NIC became ready to receive (receive buffer, RNDIS
 *	initialised, a packet filter set) or stopped being ready.
 */
struct hvnet_chan_hooks {
	void (*xmit)(void *priv, const u8 *frame,
		     const struct hvnet_pkt_meta *meta);
	void (*xmit_flush)(void *priv);
	struct sk_buff *(*rx_peek)(void *priv);
	void (*rx_done)(void *priv, int err);
	void (*ready)(void *priv, bool ready);
};

/**
 * struct hvnet_chan_config - what the creator of a NIC decides
 * @instance: the device instance GUID, unique in the partition.
 * @mac: the permanent MAC address, a valid unicast address.
 * @mtu: largest frame payload, 68..HVNET_MTU_MAX; receive slots are sized
 *	for it when the guest sets up its receive buffer.
 * @offloads: HVNET_OFFLOAD_* offered to the guest (0: none).
 * @link_down: the link starts down (until hvnet_chan_link()).
 * @hooks: optional; NULL counts guest frames only.
 * @hooks_priv: passed to @hooks.
 */
struct hvnet_chan_config {
	guid_t instance;
	u8 mac[ETH_ALEN];
	u32 mtu;
	u32 offloads;
	bool link_down;
	const struct hvnet_chan_hooks *hooks;
	void *hooks_priv;
};

/**
 * struct hvnet_chan_stats - what a NIC channel did since its last open
 * @opens: 1 once the guest opened the channel.
 * @passes: work item runs.
 * @signals: interrupts raised toward the guest.
 * @ring_full: passes or sends stopped for lack of room in the guest's ring.
 * @nvsp_msgs: NVSP messages handed to nvsp.c.
 * @completions: VM_PKT_COMP packets sent to the guest.
 * @rndis_ok: SEND_RNDIS_PKT requests completed with success.
 * @rndis_bad: SEND_RNDIS_PKT requests completed with a failure status.
 * @gpa_direct: requests whose RNDIS message came by GPA ranges.
 * @replies: RNDIS control replies delivered in receive slots.
 * @replies_dropped: control replies dropped (queue full, no receive buffer).
 * @tx_frames: guest frames accepted.
 * @tx_bytes: their bytes.
 * @rx_frames: frames delivered to the guest by hvnet_chan_rx_frame().
 * @rx_bytes: their bytes.
 * @rx_no_slot: frames not delivered: the guest holds every receive slot.
 * @rx_refused: frames not delivered: not ready, too big.
 * @rx_filtered: frames not delivered: the guest's packet filter.
 * @rx_waits: host frames held back until the guest frees a slot.
 * @rx_rsc_frames: frames delivered coalesced (RSC), over several slots.
 * @rx_rsc_frags: the slots they took.
 * @slot_completions: receive slots the guest gave back.
 * @bad_pkts: ring packets dropped: framing, type, size, bad completions.
 * @lock_retries: GPADL (un)mappings retried because the connection was
 *	busy.
 */
struct hvnet_chan_stats {
	u64 opens;
	u64 passes;
	u64 signals;
	u64 ring_full;
	u64 nvsp_msgs;
	u64 completions;
	u64 rndis_ok;
	u64 rndis_bad;
	u64 gpa_direct;
	u64 replies;
	u64 replies_dropped;
	u64 tx_frames;
	u64 tx_bytes;
	u64 rx_frames;
	u64 rx_bytes;
	u64 rx_no_slot;
	u64 rx_refused;
	u64 rx_filtered;
	u64 rx_waits;
	u64 rx_rsc_frames;
	u64 rx_rsc_frags;
	u64 slot_completions;
	u64 bad_pkts;
	u64 lock_retries;
};

/* Largest MTU of a NIC (jumbo frames; a frame must fit one receive slot). */
#define HVNET_MTU_MAX	9000

/* hvnet_chan_rsc(): the guest takes coalesced IPv4 / IPv6 TCP frames. */
#define HVNET_CHAN_RSC4	BIT(0)
#define HVNET_CHAN_RSC6	BIT(1)

extern const guid_t hvnet_nic_class;

struct hvhost_channel *hvnet_chan_create(struct hvhost_vmbus *vb,
					 const struct hvnet_chan_config *cfg);
void hvnet_chan_flush(struct hvhost_channel *ch);
void hvnet_chan_kick(struct hvhost_channel *ch);
void hvnet_chan_retire(struct hvhost_channel *ch);
void hvnet_chan_set_mtu(struct hvhost_channel *ch, u32 mtu);
u32 hvnet_chan_rsc(struct hvhost_channel *ch);
void hvnet_chan_stats(struct hvhost_channel *ch, struct hvnet_chan_stats *st);
u32 hvnet_chan_last_frame(struct hvhost_channel *ch, void *buf, u32 buflen,
			  struct hvnet_pkt_meta *meta);
int hvnet_chan_link(struct hvhost_channel *ch, bool up);
int hvnet_chan_rx_frame(struct hvhost_channel *ch, const void *frame, u32 len,
			const struct hvnet_rx_meta *rx);

#endif /* _HVHOST_NETVSP_CHAN_H */
