// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "hvnet" port: one netdev per guest NIC.
 *
 * The VMM adds a NIC with HVHOST_ADD_DEVICE; hvhost hands the request to
 * hvnet_port_add(), which registers the port and then offers the NIC's
 * channel to the guest.  A port goes away by unregistering it, whoever
 * asks (`ip link del`, HVHOST_REMOVE_DEVICE, the VMM closing its
 * partition, module unload): its ndo_uninit rescinds the channel, so the
 * guest sees a hot remove.  Everything that creates or removes ports runs
 * under the RTNL, which ranks above the VMBus locks.
 *
 * Data path:
 * - guest to host: the channel's work item builds an skb per guest frame
 *   (port_skb.c) and queues it on @rxq; the pass ends with a NAPI
 *   schedule, and the NAPI poll hands the skbs to GRO.
 * - host to guest: ndo_start_xmit queues the skb on @txq and kicks the
 *   channel; its work item copies frames into the guest's receive slots
 *   and signals once per pass.  The queue stops at PORT_TXQ_STOP frames
 *   and wakes at PORT_TXQ_WAKE, so a guest that does not take frames
 *   pushes back on the host stack instead of losing them.
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/rtnetlink.h>
#include <uapi/linux/hvhost.h>

#include "vmbus/vmbus.h"
#include "chan.h"
#include "port.h"
#include "port_priv.h"
#include "rndis.h"
#include "rndis_pkt.h"

/* Ports, under the RTNL. */
static LIST_HEAD(hvnet_ports);

static bool rsc = true;
module_param(rsc, bool, 0644);
MODULE_PARM_DESC(rsc, "Offer receive segment coalescing to guests, so that TCP frames up to 64 KiB reach them whole (default on; applies to NICs added later)");

static void port_count(atomic64_t *c)
{
	atomic64_inc(c);
}

/*
 * Channel hooks: the NIC's work item, with its lock held.
 */

static void port_guest_frame(void *priv, const u8 *frame,
			     const struct hvnet_pkt_meta *meta)
{
	struct hvnet_port *p = priv;
	struct sk_buff *skb;
	int err;

	if (!netif_running(p->dev)) {
		dev_core_stats_rx_dropped_inc(p->dev);
		return;
	}
	if (skb_queue_len_lockless(&p->rxq) >= PORT_RXQ_MAX) {
		port_count(&p->st.rx_queue_full);
		dev_core_stats_rx_dropped_inc(p->dev);
		return;
	}
	skb = hvnet_port_build_skb(p->dev, frame, meta, &err);
	if (!skb) {
		if (err == -EINVAL)
			port_count(&p->st.rx_bad_offload);
		dev_core_stats_rx_dropped_inc(p->dev);
		return;
	}
	if (skb_is_gso(skb))
		port_count(&p->st.rx_lso);
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		port_count(&p->st.rx_csum_partial);
	skb_queue_tail(&p->rxq, skb);
}

static void port_guest_flush(void *priv)
{
	struct hvnet_port *p = priv;

	local_bh_disable();
	napi_schedule(&p->napi);
	local_bh_enable();
}

static struct sk_buff *port_tx_peek(void *priv)
{
	struct hvnet_port *p = priv;
	struct sk_buff *skb;

	spin_lock_bh(&p->txq.lock);
	skb = skb_peek(&p->txq);
	spin_unlock_bh(&p->txq.lock);
	return skb;
}

static void port_tx_done(void *priv, int err)
{
	struct hvnet_port *p = priv;
	struct sk_buff *skb;

	spin_lock_bh(&p->txq.lock);
	skb = __skb_dequeue(&p->txq);
	if (skb && !err)
		dev_sw_netstats_tx_add(p->dev, 1, skb->len);
	if (netif_queue_stopped(p->dev) &&
	    skb_queue_len(&p->txq) <= PORT_TXQ_WAKE)
		netif_wake_queue(p->dev);
	spin_unlock_bh(&p->txq.lock);
	if (!skb)
		return;
	if (err) {
		dev_core_stats_tx_dropped_inc(p->dev);
		kfree_skb(skb);
	} else {
		consume_skb(skb);
	}
}

static void port_guest_ready(void *priv, bool ready)
{
	struct hvnet_port *p = priv;

	WRITE_ONCE(p->guest_ready, ready);
	if (ready) {
		netif_carrier_on(p->dev);
		return;
	}
	netif_carrier_off(p->dev);
	/* Frames for a guest that went away are stale. */
	spin_lock_bh(&p->txq.lock);
	atomic64_add(skb_queue_len(&p->txq), &p->st.tx_flushed);
	__skb_queue_purge(&p->txq);
	netif_wake_queue(p->dev);
	spin_unlock_bh(&p->txq.lock);
}

static const struct hvnet_chan_hooks port_hooks = {
	.xmit = port_guest_frame,
	.xmit_flush = port_guest_flush,
	.rx_peek = port_tx_peek,
	.rx_done = port_tx_done,
	.ready = port_guest_ready,
};

/*
 * Netdev side.
 */

static int port_poll(struct napi_struct *napi, int budget)
{
	struct hvnet_port *p = container_of(napi, struct hvnet_port, napi);
	struct sk_buff *skb;
	int done = 0;

	while (done < budget && (skb = skb_dequeue(&p->rxq))) {
		dev_sw_netstats_rx_add(p->dev, skb->len);
		napi_gro_receive(napi, skb);
		done++;
	}
	if (done < budget && napi_complete_done(napi, done) &&
	    !skb_queue_empty_lockless(&p->rxq))
		napi_schedule(napi);
	return done;
}

static netdev_tx_t port_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct hvnet_port *p = netdev_priv(dev);
	bool stopped = false;

	if (!READ_ONCE(p->guest_ready)) {
		port_count(&p->st.tx_not_ready);
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	skb_orphan(skb);
	nf_reset_ct(skb);
	spin_lock(&p->txq.lock);
	__skb_queue_tail(&p->txq, skb);
	if (skb_queue_len(&p->txq) >= PORT_TXQ_STOP) {
		netif_stop_queue(dev);
		port_count(&p->st.tx_queue_stops);
		stopped = true;
	}
	spin_unlock(&p->txq.lock);
	/*
	 * The stack says when more frames follow at once (the segments of a
	 * GSO packet, a qdisc batch): one kick, one pass, one interrupt.
	 */
	if (stopped || !netdev_xmit_more())
		hvnet_chan_kick(p->ch);
	else
		port_count(&p->st.tx_kicks_deferred);
	return NETDEV_TX_OK;
}

/* GSO types a coalesced frame can carry: plain TCP. */
#define PORT_RSC_GSO	(SKB_GSO_TCPV4 | SKB_GSO_TCPV6 | SKB_GSO_DODGY | \
			 SKB_GSO_TCP_ECN)

/*
 * A GSO packet goes to the guest whole (RSC) if the guest takes them for
 * its protocol; else the stack cuts it into segments first.
 */
static netdev_features_t port_features_check(struct sk_buff *skb,
					     struct net_device *dev,
					     netdev_features_t features)
{
	struct hvnet_port *p = netdev_priv(dev);
	unsigned int type;
	u32 ok;

	if (!skb_is_gso(skb))
		return features;
	ok = hvnet_chan_rsc(p->ch);
	type = skb_shinfo(skb)->gso_type;
	if ((type & ~PORT_RSC_GSO) ||
	    ((type & SKB_GSO_TCPV4) && !(ok & HVNET_CHAN_RSC4)) ||
	    ((type & SKB_GSO_TCPV6) && !(ok & HVNET_CHAN_RSC6)))
		features &= ~NETIF_F_GSO_MASK;
	return features;
}

static int port_open(struct net_device *dev)
{
	struct hvnet_port *p = netdev_priv(dev);

	napi_enable(&p->napi);
	netif_start_queue(dev);
	hvnet_chan_link(p->ch, true);
	return 0;
}

static int port_stop(struct net_device *dev)
{
	struct hvnet_port *p = netdev_priv(dev);

	hvnet_chan_link(p->ch, false);
	netif_stop_queue(dev);
	napi_disable(&p->napi);
	skb_queue_purge(&p->rxq);
	return 0;
}

static int port_change_mtu(struct net_device *dev, int mtu)
{
	struct hvnet_port *p = netdev_priv(dev);

	WRITE_ONCE(dev->mtu, mtu);
	hvnet_chan_set_mtu(p->ch, mtu);
	return 0;
}

/* Unregistered, for whatever reason: the guest loses the NIC. */
static void port_uninit(struct net_device *dev)
{
	struct hvnet_port *p = netdev_priv(dev);

	ASSERT_RTNL();
	list_del_init(&p->node);
	if (p->ch) {
		hvnet_chan_retire(p->ch);
		hvhost_vmbus_rescind(p->ch);
		p->ch = NULL;
	}
	skb_queue_purge(&p->txq);
	skb_queue_purge(&p->rxq);
	netdev_info(dev, "guest NIC %pM removed\n", p->guest_mac);
}

static const struct net_device_ops port_netdev_ops = {
	.ndo_uninit = port_uninit,
	.ndo_open = port_open,
	.ndo_stop = port_stop,
	.ndo_start_xmit = port_xmit,
	.ndo_features_check = port_features_check,
	.ndo_change_mtu = port_change_mtu,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
	.ndo_get_stats64 = dev_get_tstats64,
};

#define PORT_FEATURES	(NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HW_CSUM | \
			 NETIF_F_HIGHDMA | NETIF_F_RXCSUM | \
			 NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_CTAG_RX | \
			 NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_TSO_ECN)

static void port_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &port_netdev_ops;
	dev->ethtool_ops = &hvnet_port_ethtool_ops;
	dev->needs_free_netdev = true;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = HVNET_MTU_MAX;
	dev->hw_features = PORT_FEATURES;
	dev->features = PORT_FEATURES;
	dev->vlan_features = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HIGHDMA;
	eth_hw_addr_random(dev);
}

/*
 * A port exists only for a guest NIC the VMM declared (hvnet_port_add()).
 * `ip link add ... type hvnet` would register a port with no NIC behind
 * it; without this the core registers it as is.
 */
static int port_newlink(struct net *src_net, struct net_device *dev,
			struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG(extack,
		       "hvnet ports are made by the VMM (HVHOST_ADD_DEVICE)");
	return -EOPNOTSUPP;
}

static void port_dellink(struct net_device *dev, struct list_head *head)
{
	unregister_netdevice_queue(dev, head);
}

static struct rtnl_link_ops port_link_ops = {
	.kind = "hvnet",
	.priv_size = sizeof(struct hvnet_port),
	.setup = port_setup,
	.newlink = port_newlink,
	.dellink = port_dellink,
};

/* The VMM's NIC settings, checked.  @name gets the port name template. */
static int port_check(const struct hvhost_device *d, char *name)
{
	const struct hvhost_device_net *n = &d->net;
	size_t len = strnlen(n->ifname, sizeof(n->ifname));

	if (memchr_inv(n->reserved, 0, sizeof(n->reserved)) || n->ifindex ||
	    !is_valid_ether_addr(n->mac) || len == sizeof(n->ifname))
		return -EINVAL;
	if (n->mtu && (n->mtu < ETH_MIN_MTU || n->mtu > HVNET_MTU_MAX))
		return -EINVAL;
	if (!len) {
		strscpy(name, "hvnet%d", IFNAMSIZ);
		return 0;
	}
	memcpy(name, n->ifname, len + 1);
	return dev_valid_name(name) ? 0 : -EINVAL;
}

static struct hvnet_port *port_find(struct hvhost_vmbus *vb,
				    const guid_t *instance)
{
	struct hvnet_port *p;

	ASSERT_RTNL();
	list_for_each_entry(p, &hvnet_ports, node)
		if (p->vb == vb && guid_equal(&p->instance, instance))
			return p;
	return NULL;
}

/* Under the RTNL: register the port, then offer its NIC. */
static int port_add_locked(struct hvhost_vmbus *vb, struct hvhost_device *d,
			   const char *name)
{
	struct hvnet_chan_config cfg = {
		.mtu = d->net.mtu ?: ETH_DATA_LEN,
		.offloads = HVNET_OFFLOAD_ALL |
			    (READ_ONCE(rsc) ? HVNET_OFFLOAD_RSC : 0),
		.link_down = true,	/* until the port is up */
		.hooks = &port_hooks,
	};
	struct net_device *dev;
	struct hvhost_channel *ch;
	struct hvnet_port *p;
	int err;

	import_guid(&cfg.instance, d->instance);
	if (port_find(vb, &cfg.instance))
		return -EEXIST;
	dev = alloc_netdev(sizeof(*p), name, NET_NAME_USER, port_setup);
	if (!dev)
		return -ENOMEM;
	dev->rtnl_link_ops = &port_link_ops;
	dev->mtu = cfg.mtu;
	p = netdev_priv(dev);
	p->dev = dev;
	p->vb = vb;
	p->instance = cfg.instance;
	ether_addr_copy(p->guest_mac, d->net.mac);
	INIT_LIST_HEAD(&p->node);
	skb_queue_head_init(&p->rxq);
	skb_queue_head_init(&p->txq);
	netif_napi_add(dev, &p->napi, port_poll);
	netif_carrier_off(dev);
	err = register_netdevice(dev);
	if (err) {
		free_netdev(dev);
		return err;
	}
	ether_addr_copy(cfg.mac, d->net.mac);
	cfg.hooks_priv = p;
	ch = hvnet_chan_create(vb, &cfg);
	if (IS_ERR(ch)) {
		unregister_netdevice(dev);
		return PTR_ERR(ch);
	}
	p->ch = ch;
	list_add_tail(&p->node, &hvnet_ports);
	memset(d->net.ifname, 0, sizeof(d->net.ifname));
	strscpy(d->net.ifname, dev->name, sizeof(d->net.ifname));
	d->net.ifindex = dev->ifindex;
	netdev_info(dev, "guest NIC %pM offered (relid %u)\n", p->guest_mac,
		    hvhost_channel_relid(ch));
	return 0;
}

/**
 * hvnet_port_add() - HVHOST_ADD_DEVICE of a NIC
 * @vb: the partition's VMBus host.
 * @d: the request; the port's name and ifindex are written back.
 *
 * Context: process context; takes the RTNL.
 * Return: 0, -EINVAL for bad settings, -EEXIST for a taken instance or
 * port name, -EBUSY, -ENOSPC or -ENOMEM.
 */
int hvnet_port_add(struct hvhost_vmbus *vb, struct hvhost_device *d)
{
	char name[IFNAMSIZ];
	int err;

	err = port_check(d, name);
	if (err)
		return err;
	rtnl_lock();
	err = port_add_locked(vb, d, name);
	rtnl_unlock();
	return err;
}

/**
 * hvnet_port_remove() - HVHOST_REMOVE_DEVICE of a NIC
 * @vb: the partition's VMBus host.
 * @instance: the NIC's instance.
 *
 * Context: process context; takes the RTNL.
 * Return: 0, or -ENOENT if @vb has no such NIC.
 */
int hvnet_port_remove(struct hvhost_vmbus *vb, const guid_t *instance)
{
	struct hvnet_port *p;

	rtnl_lock();
	p = port_find(vb, instance);
	if (p)
		unregister_netdevice(p->dev);
	rtnl_unlock();
	return p ? 0 : -ENOENT;
}

/**
 * hvnet_port_remove_all() - the partition goes: remove its ports
 * @vb: the partition's VMBus host, destroyed after this.
 *
 * Context: process context; takes the RTNL.
 */
void hvnet_port_remove_all(struct hvhost_vmbus *vb)
{
	struct hvnet_port *p, *tmp;
	LIST_HEAD(kill);

	rtnl_lock();
	list_for_each_entry_safe(p, tmp, &hvnet_ports, node)
		if (p->vb == vb)
			unregister_netdevice_queue(p->dev, &kill);
	unregister_netdevice_many(&kill);
	rtnl_unlock();
}

int hvnet_port_init(void)
{
	return rtnl_link_register(&port_link_ops);
}

void hvnet_port_exit(void)
{
	rtnl_link_unregister(&port_link_ops);
}
