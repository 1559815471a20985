/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hvnet port's private state, shared by port.c and port_ethtool.c.
 */
#ifndef _HVHOST_NETVSP_PORT_PRIV_H
#define _HVHOST_NETVSP_PORT_PRIV_H

#include <linux/atomic.h>
#include <linux/ethtool.h>
#include <linux/if_ether.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/uuid.h>

struct hvhost_channel;
struct hvhost_vmbus;

/* Guest frames waiting for NAPI before more are dropped. */
#define PORT_RXQ_MAX	1024
/* Host frames queued for the guest: stop the queue, wake it again. */
#define PORT_TXQ_STOP	512
#define PORT_TXQ_WAKE	128

/**
 * struct hvnet_port_stats - port counters beyond the netdev's own
 * @rx_queue_full: guest frames dropped: NAPI fell PORT_RXQ_MAX behind.
 * @rx_bad_offload: guest frames dropped: offload requests that do not fit.
 * @rx_lso: guest frames passed on as GSO skbs.
 * @rx_csum_partial: guest frames passed on with CHECKSUM_PARTIAL.
 * @tx_not_ready: host frames dropped: the guest's NIC was not ready.
 * @tx_queue_stops: times the transmit queue stopped for the guest.
 * @tx_flushed: host frames dropped when the guest's NIC went away.
 * @tx_kicks_deferred: host frames queued without a kick (more followed).
 */
struct hvnet_port_stats {
	atomic64_t rx_queue_full;
	atomic64_t rx_bad_offload;
	atomic64_t rx_lso;
	atomic64_t rx_csum_partial;
	atomic64_t tx_not_ready;
	atomic64_t tx_queue_stops;
	atomic64_t tx_flushed;
	atomic64_t tx_kicks_deferred;
};

/**
 * struct hvnet_port - an hvnet netdev's private data
 * @dev: the netdev.
 * @vb: the partition's VMBus host; valid while the port is registered
 *	(the partition removes its ports before it destroys @vb).
 * @ch: the NIC's channel, from registration until ndo_uninit rescinds it;
 *	changed only under the RTNL.
 * @instance: the NIC's instance GUID.
 * @guest_mac: the MAC address the guest's NIC has.
 * @node: on the list of ports, under the RTNL.
 * @napi: hands guest frames to GRO.
 * @rxq: guest frames for @napi (its own lock).
 * @txq: host frames for the guest (its lock; taken with BHs off).
 * @guest_ready: the guest's NIC takes frames (the channel's hook sets it).
 * @st: counters.
 *
 * Lifetime: the netdev's; freed by the core after unregistration
 * (needs_free_netdev).  The channel's hooks use it until the channel is
 * closed, which the rescind in ndo_uninit does before the netdev is freed.
 */
struct hvnet_port {
	struct net_device *dev;
	struct hvhost_vmbus *vb;
	struct hvhost_channel *ch;
	guid_t instance;
	u8 guest_mac[ETH_ALEN];
	struct list_head node;
	struct napi_struct napi;
	struct sk_buff_head rxq;
	struct sk_buff_head txq;
	bool guest_ready;
	struct hvnet_port_stats st;
};

extern const struct ethtool_ops hvnet_port_ethtool_ops;

#endif /* _HVHOST_NETVSP_PORT_PRIV_H */
