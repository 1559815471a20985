// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the hvnet port.  A NIC is added as HVHOST_ADD_DEVICE would add
 * it, the software test guest brings it up as netvsc does, and frames go
 * both ways through the real netdev: guest frames are caught by an
 * rx_handler on the port (as a bridge would take them), host frames go
 * through dev_queue_xmit() and are read from the guest's receive slots.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <linux/rndis.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/rtnetlink.h>
#include <uapi/linux/hvhost.h>

#include "test/tguest.h"
#include "test/tpart.h"
#include "vmbus/connection.h"
#include "vmbus/vmbus.h"
#include "chan.h"
#include "nt_guest.h"
#include "port.h"
#include "port_priv.h"
#include "rndis_pkt.h"
#include "rndis_proto.h"

/* Frames caught on the port; bounded waits for NAPI (softirq). */
#define PT_WAIT_MS	2000

struct pt_env {
	struct nt_env *e;
	struct hvhost_device d;
	struct net_device *dev;
	struct hvnet_port *p;
	struct sk_buff_head cap;
};

static rx_handler_result_t pt_rx_handler(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct pt_env *t = rcu_dereference(skb->dev->rx_handler_data);

	skb_queue_tail(&t->cap, skb);
	return RX_HANDLER_CONSUMED;
}

static void pt_cleanup(void *data)
{
	struct pt_env *t = data;

	rtnl_lock();
	if (t->dev && t->dev->reg_state == NETREG_REGISTERED)
		netdev_rx_handler_unregister(t->dev);
	rtnl_unlock();
	skb_queue_purge(&t->cap);
	if (t->dev)
		dev_put(t->dev);
	hvnet_port_remove_all(tpart_vmbus(t->e->tp));
}

static struct hvhost_device pt_device(u16 mtu)
{
	struct hvhost_device d = { .type = HVHOST_DEVICE_NET };

	export_guid(d.instance, &nt_instance);
	ether_addr_copy(d.net.mac, nt_mac);
	d.net.mtu = mtu;
	return d;
}

/* A port whose NIC the test guest has opened; not yet up. */
static struct pt_env *pt_new(struct kunit *test, u16 mtu, u32 recv_pages)
{
	struct pt_env *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	skb_queue_head_init(&t->cap);
	t->e = nt_env_new(test, recv_pages);
	t->d = pt_device(mtu);
	KUNIT_ASSERT_EQ(test, hvnet_port_add(tpart_vmbus(t->e->tp), &t->d), 0);
	t->dev = dev_get_by_index(&init_net, t->d.net.ifindex);
	KUNIT_ASSERT_NOT_NULL(test, t->dev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, pt_cleanup, t),
			0);
	t->p = netdev_priv(t->dev);
	t->e->dev = t->p->ch;
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, netdev_rx_handler_register(t->dev, pt_rx_handler,
							 t), 0);
	/* No IPv6 autoconfiguration frames of the stack's own in the way. */
	t->dev->priv_flags |= IFF_NO_ADDRCONF;
	rtnl_unlock();
	nt_attach(t->e);
	return t;
}

static void pt_open(struct pt_env *t)
{
	rtnl_lock();
	KUNIT_EXPECT_EQ(t->e->test, dev_open(t->dev, NULL), 0);
	rtnl_unlock();
}

/* The guest's bring-up of the NIC, as netvsc does it. */
static void pt_guest_up(struct pt_env *t)
{
	nt_connect(t->e);
	nt_init_buf(t->e);
	nt_rndis_up(t->e);
}

static struct pt_env *pt_up(struct kunit *test)
{
	struct pt_env *t = pt_new(test, 0, 64);

	pt_open(t);
	pt_guest_up(t);
	return t;
}

/* Wait (bounded) until @n frames were caught on the port. */
static void pt_wait_caught(struct pt_env *t, u32 n)
{
	unsigned long end = jiffies + msecs_to_jiffies(PT_WAIT_MS);

	while (skb_queue_len(&t->cap) < n && time_before(jiffies, end))
		usleep_range(100, 200);
	KUNIT_ASSERT_EQ(t->e->test, skb_queue_len(&t->cap), n);
}

/* Poll the guest until @n transfer-page packets arrived (bounded). */
static void pt_wait_xfers(struct pt_env *t, u32 n)
{
	unsigned long end = jiffies + msecs_to_jiffies(PT_WAIT_MS);

	nt_poll(t->e);
	while (t->e->xfers < n && time_before(jiffies, end)) {
		usleep_range(100, 200);
		nt_poll(t->e);
	}
	KUNIT_ASSERT_EQ(t->e->test, t->e->xfers, n);
}

/* A guest frame with optional per-packet info, sent in section 2. */
static u32 pt_guest_send(struct pt_env *t, const u8 *frame, u32 len,
			 u32 ppi_type, u32 ppi_val)
{
	u32 n = ppi_type != U32_MAX;
	u32 data_off = sizeof(struct rndis_packet) +
		       n * (sizeof(struct rndis_ppi) + 4);
	u32 msg_len = ALIGN(RNDIS_HDR_SIZE + data_off + len, 8);
	struct rndis_msg_hdr h = { RNDIS_MSG_PACKET, msg_len };
	struct rndis_packet pk = { .data_offset = data_off, .data_len = len };
	struct rndis_ppi ppi = { sizeof(ppi) + 4, ppi_type, sizeof(ppi) };
	u8 *buf = kunit_kzalloc(t->e->test, msg_len, GFP_KERNEL);
	u8 *q;

	KUNIT_ASSERT_NOT_NULL(t->e->test, buf);
	if (n) {
		pk.per_pkt_info_offset = sizeof(pk);
		pk.per_pkt_info_len = sizeof(ppi) + 4;
	}
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + RNDIS_HDR_SIZE, &pk, sizeof(pk));
	q = buf + RNDIS_HDR_SIZE + sizeof(pk);
	if (n) {
		memcpy(q, &ppi, sizeof(ppi));
		memcpy(q + sizeof(ppi), &ppi_val, 4);
	}
	memcpy(buf + RNDIS_HDR_SIZE + data_off, frame, len);
	return nt_rndis(t->e, 2, buf, msg_len, false);
}

/* An IPv4 frame to the port's own MAC from the guest's. */
static void pt_ipv4_frame(u8 *f, u32 len, const u8 *dst, u8 proto)
{
	struct iphdr *iph = (struct iphdr *)(f + ETH_HLEN);
	u32 i;

	memset(f, 0, len);
	ether_addr_copy(f, dst);
	ether_addr_copy(f + ETH_ALEN, nt_mac);
	f[12] = 0x08;
	f[13] = 0x00;
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = proto;
	iph->tot_len = htons(len - ETH_HLEN);
	iph->saddr = htonl(0x0a630002);
	iph->daddr = htonl(0x0a630001);
	ip_send_check(iph);
	for (i = ETH_HLEN + 40; i < len; i++)
		f[i] = i * 13;
}

/* The settings a VMM passes are checked, and the port gets its name. */
/*
 * What `ip link add x type hvnet` does (rtnl_newlink_create()): a device
 * from the kind's setup, handed to its newlink.
 */
static int pt_rtnl_add(struct kunit *test, const struct rtnl_link_ops *ops)
{
	struct net_device *dev;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, ops->newlink);
	dev = alloc_netdev(ops->priv_size, "hvx%d", NET_NAME_USER, ops->setup);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	dev->rtnl_link_ops = ops;
	rtnl_lock();
	err = ops->newlink(&init_net, dev, NULL, NULL, NULL);
	rtnl_unlock();
	free_netdev(dev);
	return err;
}

static void pt_add_checks(struct kunit *test)
{
	struct nt_env *e = nt_env_new(test, 16);
	struct hvhost_vmbus *vb = tpart_vmbus(e->tp);
	struct hvhost_device d;
	struct net_device *dev;

	d = pt_device(0);
	d.net.mac[0] = 1;			/* multicast */
	KUNIT_EXPECT_EQ(test, hvnet_port_add(vb, &d), -EINVAL);
	d = pt_device(67);
	KUNIT_EXPECT_EQ(test, hvnet_port_add(vb, &d), -EINVAL);
	d = pt_device(HVNET_MTU_MAX + 1);
	KUNIT_EXPECT_EQ(test, hvnet_port_add(vb, &d), -EINVAL);
	d = pt_device(0);
	d.net.reserved[11] = 1;
	KUNIT_EXPECT_EQ(test, hvnet_port_add(vb, &d), -EINVAL);
	d = pt_device(0);
	d.net.ifindex = 7;
	KUNIT_EXPECT_EQ(test, hvnet_port_add(vb, &d), -EINVAL);
	d = pt_device(0);
	memset(d.net.ifname, 'a', sizeof(d.net.ifname));	/* no NUL */
	KUNIT_EXPECT_EQ(test, hvnet_port_add(vb, &d), -EINVAL);
	d = pt_device(0);
	strscpy(d.net.ifname, "bad/name", sizeof(d.net.ifname));
	KUNIT_EXPECT_EQ(test, hvnet_port_add(vb, &d), -EINVAL);
	KUNIT_EXPECT_EQ(test, vb->nr_channels, 0);

	d = pt_device(0);
	strscpy(d.net.ifname, "hvtest0", sizeof(d.net.ifname));
	KUNIT_ASSERT_EQ(test, hvnet_port_add(vb, &d), 0);
	KUNIT_EXPECT_STREQ(test, d.net.ifname, "hvtest0");
	dev = dev_get_by_name(&init_net, "hvtest0");
	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_EXPECT_EQ(test, d.net.ifindex, dev->ifindex);
	KUNIT_EXPECT_STREQ(test, dev->rtnl_link_ops->kind, "hvnet");
	KUNIT_EXPECT_FALSE(test, netif_carrier_ok(dev));
	KUNIT_EXPECT_EQ(test, dev->mtu, ETH_DATA_LEN);
	KUNIT_EXPECT_EQ(test, dev->max_mtu, HVNET_MTU_MAX);
	/* A port without a VMM's NIC behind it is refused, not registered. */
	KUNIT_EXPECT_EQ(test, pt_rtnl_add(test, dev->rtnl_link_ops),
			-EOPNOTSUPP);
	KUNIT_EXPECT_NULL(test, dev_get_by_name(&init_net, "hvx0"));
	dev_put(dev);

	/* The same instance again; another instance under a taken name. */
	d = pt_device(0);
	KUNIT_EXPECT_EQ(test, hvnet_port_add(vb, &d), -EEXIST);
	d = pt_device(0);
	d.instance[0] ^= 1;
	strscpy(d.net.ifname, "hvtest0", sizeof(d.net.ifname));
	KUNIT_EXPECT_EQ(test, hvnet_port_add(vb, &d), -EEXIST);
	/* A template name. */
	d = pt_device(0);
	d.instance[0] ^= 2;
	KUNIT_EXPECT_EQ(test, hvnet_port_add(vb, &d), 0);
	KUNIT_EXPECT_EQ(test, strncmp(d.net.ifname, "hvnet", 5), 0);
	KUNIT_EXPECT_EQ(test, vb->nr_channels, 2);

	hvnet_port_remove_all(vb);
	KUNIT_EXPECT_NULL(test, dev_get_by_name(&init_net, "hvtest0"));
	KUNIT_EXPECT_EQ(test, hvnet_port_remove(vb, &nt_instance), -ENOENT);
}

/* Carrier follows the guest's NIC: buffer, RNDIS, filter; then close. */
static void pt_carrier(struct kunit *test)
{
	struct pt_env *t = pt_new(test, 0, 64);

	pt_open(t);
	KUNIT_EXPECT_FALSE(test, netif_carrier_ok(t->dev));
	nt_connect(t->e);
	nt_init_buf(t->e);
	KUNIT_EXPECT_FALSE(test, netif_carrier_ok(t->dev));
	nt_rndis_up(t->e);
	KUNIT_EXPECT_TRUE(test, netif_carrier_ok(t->dev));
	KUNIT_EXPECT_EQ(test, tguest_close(t->e->ch), 0);
	KUNIT_EXPECT_FALSE(test, netif_carrier_ok(t->dev));
}

/* The guest's status of its link. */
static u32 pt_media_state(struct pt_env *t)
{
	struct rndis_query_complete qc;

	nt_oid(t->e, RNDIS_MSG_QUERY, RNDIS_OID_GEN_MEDIA_CONNECT_STATUS,
	       NULL, 0);
	memcpy(&qc, t->e->rndis + RNDIS_HDR_SIZE, sizeof(qc));
	KUNIT_EXPECT_EQ(t->e->test, qc.info_buflen, 4);
	return nt_get32(t->e->rndis + RNDIS_HDR_SIZE + qc.info_buf_offset);
}

/* The port's admin state is the guest's link state, at bring-up or not. */
static void pt_link_state(struct kunit *test)
{
	struct pt_env *t = pt_new(test, 0, 64);
	u32 xfers;

	pt_guest_up(t);
	KUNIT_EXPECT_TRUE(test, netif_carrier_ok(t->dev));
	KUNIT_EXPECT_EQ(test, pt_media_state(t),
			RNDIS_MEDIA_STATE_DISCONNECTED);
	xfers = t->e->xfers;
	pt_open(t);
	pt_wait_xfers(t, xfers + 1);
	KUNIT_EXPECT_EQ(test, nt_get32(t->e->rndis), RNDIS_MSG_INDICATE);
	KUNIT_EXPECT_EQ(test, nt_get32(t->e->rndis + 8),
			RNDIS_STATUS_MEDIA_CONNECT);
	KUNIT_EXPECT_EQ(test, pt_media_state(t), RNDIS_MEDIA_STATE_CONNECTED);
	xfers = t->e->xfers;
	rtnl_lock();
	dev_close(t->dev);
	rtnl_unlock();
	pt_wait_xfers(t, xfers + 1);
	KUNIT_EXPECT_EQ(test, nt_get32(t->e->rndis + 8),
			RNDIS_STATUS_MEDIA_DISCONNECT);
}

/* Guest frames arrive on the port byte for byte and are counted. */
static void pt_guest_to_host(struct kunit *test)
{
	struct pt_env *t = pt_up(test);
	static const u32 lens[] = { 60, 1514, 342 };
	struct rtnl_link_stats64 st;
	u8 *f = kunit_kzalloc(test, 1514, GFP_KERNEL);
	u8 *got = kunit_kzalloc(test, 1514, GFP_KERNEL);
	struct sk_buff *skb;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_NOT_NULL(test, got);
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		nt_fill_frame(f, lens[i], i);
		KUNIT_EXPECT_EQ(test, pt_guest_send(t, f, lens[i], U32_MAX, 0),
				NVSP_STAT_SUCCESS);
	}
	pt_wait_caught(t, ARRAY_SIZE(lens));
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		skb = skb_dequeue(&t->cap);
		nt_fill_frame(f, lens[i], i);
		KUNIT_ASSERT_EQ(test, skb->len + ETH_HLEN, lens[i]);
		KUNIT_EXPECT_EQ(test, skb->protocol, htons(ETH_P_IP));
		KUNIT_EXPECT_EQ(test, (int)skb->ip_summed, CHECKSUM_NONE);
		KUNIT_EXPECT_FALSE(test, skb_is_gso(skb));
		skb_push(skb, ETH_HLEN);
		KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, got, lens[i]), 0);
		KUNIT_EXPECT_EQ(test, memcmp(got, f, lens[i]), 0);
		kfree_skb(skb);
	}
	dev_get_stats(t->dev, &st);
	KUNIT_EXPECT_EQ(test, st.rx_packets, 3);
	KUNIT_EXPECT_EQ(test, st.rx_bytes, 60 + 1514 + 342 - 3 * ETH_HLEN);
	KUNIT_EXPECT_EQ(test, st.rx_dropped, 0);
}

/*
 * An LSO frame as Linux's netvsc sends it (tot_len and the IP checksum
 * zeroed, a length-less pseudo-header sum): a GSO skb with sane headers.
 */
static void pt_guest_lso(struct kunit *test)
{
	struct pt_env *t = pt_up(test);
	u32 len = 4000, l4 = ETH_HLEN + sizeof(struct iphdr);
	u8 *f = kunit_kzalloc(test, len, GFP_KERNEL);
	struct iphdr *iph;
	struct tcphdr *th;
	struct sk_buff *skb;

	KUNIT_ASSERT_NOT_NULL(test, f);
	pt_ipv4_frame(f, len, t->dev->dev_addr, IPPROTO_TCP);
	iph = (struct iphdr *)(f + ETH_HLEN);
	th = (struct tcphdr *)(f + l4);
	th->doff = 5;
	th->ack = 1;
	iph->tot_len = 0;
	iph->check = 0;
	th->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr, 0,
				       IPPROTO_TCP, 0);
	KUNIT_EXPECT_EQ(test, pt_guest_send(t, f, len, RNDIS_PPI_LSO,
					    1448 | l4 << 20 | NDIS_LSO_TYPE_V2),
			NVSP_STAT_SUCCESS);
	pt_wait_caught(t, 1);
	skb = skb_dequeue(&t->cap);
	KUNIT_ASSERT_TRUE(test, skb_is_gso(skb));
	KUNIT_EXPECT_EQ(test, skb_shinfo(skb)->gso_size, 1448);
	KUNIT_EXPECT_EQ(test, skb_shinfo(skb)->gso_type,
			SKB_GSO_TCPV4 | SKB_GSO_DODGY);
	KUNIT_EXPECT_EQ(test, (int)skb->ip_summed, CHECKSUM_PARTIAL);
	KUNIT_EXPECT_EQ(test, skb_checksum_start_offset(skb) +
			skb_network_offset(skb), sizeof(struct iphdr));
	KUNIT_EXPECT_EQ(test, skb->csum_offset, offsetof(struct tcphdr, check));
	iph = ip_hdr(skb);
	KUNIT_EXPECT_EQ(test, ntohs(iph->tot_len), len - ETH_HLEN);
	KUNIT_EXPECT_EQ(test, ip_fast_csum(iph, iph->ihl), 0);
	th = (struct tcphdr *)(skb->data + sizeof(*iph));
	KUNIT_EXPECT_EQ(test, th->check,
			(__force __sum16)~csum_tcpudp_magic(iph->saddr, iph->daddr,
					len - l4, IPPROTO_TCP, 0));
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->p->st.rx_lso), 1);

	/* An LSO request whose TCP offset is not after the IP header. */
	KUNIT_EXPECT_EQ(test, pt_guest_send(t, f, len, RNDIS_PPI_LSO,
					    1448 | (l4 + 4) << 20 |
					    NDIS_LSO_TYPE_V2),
			NVSP_STAT_SUCCESS);
	nt_poll(t->e);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&t->cap), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->p->st.rx_bad_offload), 1);
}

/* A checksum request: CHECKSUM_PARTIAL at the guest's offset. */
static void pt_guest_csum(struct kunit *test)
{
	struct pt_env *t = pt_up(test);
	u32 len = 200, l4 = ETH_HLEN + sizeof(struct iphdr);
	struct sk_buff *skb;
	u8 f[200];

	pt_ipv4_frame(f, len, t->dev->dev_addr, IPPROTO_UDP);
	KUNIT_EXPECT_EQ(test, pt_guest_send(t, f, len, RNDIS_PPI_CSUM,
					    NDIS_CSUM_TX_IPV4 | NDIS_CSUM_TX_UDP |
					    l4 << 16),
			NVSP_STAT_SUCCESS);
	pt_wait_caught(t, 1);
	skb = skb_dequeue(&t->cap);
	KUNIT_EXPECT_EQ(test, (int)skb->ip_summed, CHECKSUM_PARTIAL);
	KUNIT_EXPECT_EQ(test, skb->csum_offset, offsetof(struct udphdr, check));
	KUNIT_EXPECT_EQ(test, skb_checksum_start(skb) - skb->data,
			sizeof(struct iphdr));
	kfree_skb(skb);

	/* A VLAN tag in per-packet info lands in the skb's hwaccel tag. */
	KUNIT_EXPECT_EQ(test, pt_guest_send(t, f, len, RNDIS_PPI_VLAN,
					    FIELD_PREP(NDIS_VLAN_ID, 42) |
					    FIELD_PREP(NDIS_VLAN_PRI, 5)),
			NVSP_STAT_SUCCESS);
	pt_wait_caught(t, 1);
	skb = skb_dequeue(&t->cap);
	KUNIT_EXPECT_TRUE(test, skb_vlan_tag_present(skb));
	KUNIT_EXPECT_EQ(test, skb_vlan_tag_get_id(skb), 42);
	KUNIT_EXPECT_EQ(test, skb_vlan_tag_get_prio(skb), 5);
	kfree_skb(skb);
}

/* A host frame for the guest: its receive-slot message, byte for byte. */
static struct sk_buff *pt_host_skb(struct pt_env *t, const u8 *frame, u32 len)
{
	struct sk_buff *skb = alloc_skb(len + NET_IP_ALIGN, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(t->e->test, skb);
	skb_reserve(skb, NET_IP_ALIGN);
	skb_put_data(skb, frame, len);
	skb->dev = t->dev;
	skb_reset_mac_header(skb);
	skb->protocol = eth_hdr(skb)->h_proto;
	skb_set_network_header(skb, ETH_HLEN);
	return skb;
}

/* The frame in the last receive slot the guest got. */
static const u8 *pt_slot_frame(struct pt_env *t, u32 *len)
{
	struct rndis_packet pk;

	KUNIT_EXPECT_EQ(t->e->test, nt_get32(t->e->rndis), RNDIS_MSG_PACKET);
	memcpy(&pk, t->e->rndis + RNDIS_HDR_SIZE, sizeof(pk));
	*len = pk.data_len;
	KUNIT_EXPECT_LE(t->e->test, RNDIS_HDR_SIZE + pk.data_offset + pk.data_len,
			t->e->rndis_len);
	return t->e->rndis + RNDIS_HDR_SIZE + pk.data_offset;
}

static void pt_host_to_guest(struct kunit *test)
{
	struct pt_env *t = pt_up(test);
	struct rtnl_link_stats64 st;
	u8 *f = kunit_kzalloc(test, 1514, GFP_KERNEL);
	const u8 *got;
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, f);
	nt_fill_frame(f, 1514, 3);
	ether_addr_copy(f, nt_mac);
	KUNIT_EXPECT_EQ(test, dev_queue_xmit(pt_host_skb(t, f, 1514)),
			NET_XMIT_SUCCESS);
	pt_wait_xfers(t, 4);
	KUNIT_EXPECT_FALSE(test, t->e->xfer_control);
	got = pt_slot_frame(t, &len);
	KUNIT_ASSERT_EQ(test, len, 1514);
	KUNIT_EXPECT_EQ(test, memcmp(got, f, len), 0);

	/* Not for the guest's MAC: its directed filter drops it. */
	f[5] ^= 0x40;
	dev_queue_xmit(pt_host_skb(t, f, 1514));
	nt_poll(t->e);
	KUNIT_EXPECT_EQ(test, t->e->xfers, 4);
	dev_get_stats(t->dev, &st);
	KUNIT_EXPECT_EQ(test, st.tx_packets, 1);
	KUNIT_EXPECT_EQ(test, st.tx_bytes, 1514);
	KUNIT_EXPECT_EQ(test, st.tx_dropped, 1);
}

/*
 * A CHECKSUM_PARTIAL frame for a guest that did not enable receive
 * checksum offload arrives with its checksum filled in.
 */
static void pt_host_csum(struct kunit *test)
{
	struct pt_env *t = pt_up(test);
	u32 len = 300, l4 = ETH_HLEN + sizeof(struct iphdr);
	struct sk_buff *skb;
	struct iphdr *iph;
	struct udphdr *uh;
	const u8 *got;
	u8 f[300];
	u32 glen;

	pt_ipv4_frame(f, len, nt_mac, IPPROTO_UDP);
	iph = (struct iphdr *)(f + ETH_HLEN);
	uh = (struct udphdr *)(f + l4);
	uh->len = htons(len - l4);
	uh->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr, len - l4,
				       IPPROTO_UDP, 0);
	skb = pt_host_skb(t, f, len);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_headroom(skb) + l4;
	skb->csum_offset = offsetof(struct udphdr, check);
	KUNIT_EXPECT_EQ(test, dev_queue_xmit(skb), NET_XMIT_SUCCESS);
	pt_wait_xfers(t, 4);
	got = pt_slot_frame(t, &glen);
	KUNIT_ASSERT_EQ(test, glen, len);
	iph = (struct iphdr *)(got + ETH_HLEN);
	KUNIT_EXPECT_EQ(test, csum_tcpudp_magic(iph->saddr, iph->daddr,
						len - l4, IPPROTO_UDP,
						csum_partial(got + l4,
							     len - l4, 0)),
			0);
}

/*
 * OID_TCP_OFFLOAD_PARAMETERS as netvsc sets it, RSC on or off, TCP
 * receive checksums on or off (ethtool -K eth0 rx off).
 */
static void pt_guest_offloads_csum(struct pt_env *t, bool rsc, bool rx_csum)
{
	u8 tcp_csum = rx_csum ? NDIS_OFFLOAD_PARAMS_CSUM_TX_RX :
				NDIS_OFFLOAD_PARAMS_CSUM_TX;
	struct ndis_offload_params p = {
		.header = { .type = NDIS_OBJECT_TYPE_DEFAULT, .revision = 3,
			    .size = sizeof(p) },
		.ip_v4_csum = NDIS_OFFLOAD_PARAMS_CSUM_DISABLED,
		.tcp_ip_v4_csum = tcp_csum,
		.tcp_ip_v6_csum = tcp_csum,
		.lso_v2_ipv4 = NDIS_OFFLOAD_PARAMS_ENABLED,
		.lso_v2_ipv6 = NDIS_OFFLOAD_PARAMS_ENABLED,
		.rsc_ip_v4 = rsc ? NDIS_OFFLOAD_PARAMS_ENABLED :
				   NDIS_OFFLOAD_PARAMS_DISABLED,
		.rsc_ip_v6 = rsc ? NDIS_OFFLOAD_PARAMS_ENABLED :
				   NDIS_OFFLOAD_PARAMS_DISABLED,
	};

	nt_oid(t->e, RNDIS_MSG_SET, OID_TCP_OFFLOAD_PARAMETERS, &p, sizeof(p));
}

static void pt_guest_offloads(struct pt_env *t, bool rsc)
{
	pt_guest_offloads_csum(t, rsc, true);
}

/* A TCP GSO packet of @segs segments of @mss bytes for the guest. */
static struct sk_buff *pt_gso_skb(struct pt_env *t, u8 *f, u32 len, u32 mss)
{
	u32 l4 = ETH_HLEN + sizeof(struct iphdr);
	struct sk_buff *skb;
	struct iphdr *iph;
	struct tcphdr *th;

	pt_ipv4_frame(f, len, nt_mac, IPPROTO_TCP);
	iph = (struct iphdr *)(f + ETH_HLEN);
	th = (struct tcphdr *)(f + l4);
	th->doff = 5;
	th->ack = 1;
	th->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr, len - l4,
				       IPPROTO_TCP, 0);
	skb = pt_host_skb(t, f, len);
	skb_set_transport_header(skb, l4);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_headroom(skb) + l4;
	skb->csum_offset = offsetof(struct tcphdr, check);
	skb_shinfo(skb)->gso_size = mss;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(len - l4 - sizeof(*th), mss);
	return skb;
}

/*
 * A TCP GSO packet from the host stack: the port has no TSO, so the stack
 * cuts it into MSS segments, sent back to back with xmit_more; the port
 * kicks the channel once, and the guest gets every segment.
 */
static void pt_host_gso(struct kunit *test)
{
	struct pt_env *t = pt_up(test);
	u32 mss = 1000, segs = 5, l4 = ETH_HLEN + sizeof(struct iphdr);
	u32 len = l4 + sizeof(struct tcphdr) + segs * mss, glen;
	u8 *f = kunit_kzalloc(test, len, GFP_KERNEL);
	struct iphdr *iph;
	const u8 *got;

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, dev_queue_xmit(pt_gso_skb(t, f, len, mss)),
			NET_XMIT_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->p->st.tx_kicks_deferred),
			segs - 1);
	pt_wait_xfers(t, 3 + segs);
	got = pt_slot_frame(t, &glen);
	KUNIT_EXPECT_EQ(test, glen, l4 + sizeof(struct tcphdr) + mss);
	iph = (struct iphdr *)(got + ETH_HLEN);
	KUNIT_EXPECT_EQ(test, ntohs(iph->tot_len), glen - ETH_HLEN);
}

/* The value of the per-packet info @type of an RNDIS packet, or 0. */
static u32 pt_ppi(struct kunit *test, const u8 *msg, u32 len, u32 type)
{
	struct rndis_packet pk;
	struct rndis_ppi ppi;
	u32 off, end, v;

	memcpy(&pk, msg + RNDIS_HDR_SIZE, sizeof(pk));
	off = RNDIS_HDR_SIZE + pk.per_pkt_info_offset;
	end = off + pk.per_pkt_info_len;
	KUNIT_EXPECT_LE(test, end, len);
	while (off + sizeof(ppi) + 4 <= end) {
		memcpy(&ppi, msg + off, sizeof(ppi));
		if (ppi.type == type) {
			memcpy(&v, msg + off + ppi.ppi_offset, 4);
			return v;
		}
		off += ppi.size;
	}
	return 0;
}

/*
 * Receive segment coalescing: with the guest's RSC on, a 10-segment GSO
 * packet reaches it whole in one transfer-page packet, cut across
 * adjacent slots as netvsc's rsc_add_data() joins them: packet-id info
 * first / middle / last with one id, the checksum on the first, and the
 * bytes of the frame in order.  With RSC off the stack segments it.
 */
static void pt_host_rsc(struct kunit *test)
{
	struct pt_env *t = pt_up(test);
	u32 len = ETH_HLEN + 40 + 10 * 1000, have = 0, i, v, xfers;
	u8 *f = kunit_kzalloc(test, len, GFP_KERNEL);
	u8 *got = kunit_kzalloc(test, len, GFP_KERNEL);
	struct hvnet_chan_stats st;
	struct rndis_packet pk;

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_NOT_NULL(test, got);
	t->e->multi = kunit_kzalloc(test, NT_RANGES * t->e->slot_size,
				    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->e->multi);
	KUNIT_EXPECT_EQ(test, hvnet_chan_rsc(t->p->ch), 0);
	pt_guest_offloads(t, true);
	KUNIT_EXPECT_EQ(test, hvnet_chan_rsc(t->p->ch),
			HVNET_CHAN_RSC4 | HVNET_CHAN_RSC6);
	xfers = t->e->xfers;
	KUNIT_EXPECT_EQ(test, dev_queue_xmit(pt_gso_skb(t, f, len, 1000)),
			NET_XMIT_SUCCESS);
	pt_wait_xfers(t, xfers + 1);
	KUNIT_ASSERT_GT(test, t->e->ranges, 1);
	for (i = 0; i < t->e->ranges; i++) {
		const u8 *m = t->e->multi + i * t->e->slot_size;
		u8 flags = HVNET_FRAG_SUBALLOC;

		if (!i)
			flags |= HVNET_FRAG_FIRST;
		if (i == t->e->ranges - 1)
			flags |= HVNET_FRAG_LAST;
		KUNIT_EXPECT_EQ(test, nt_get32(m), RNDIS_MSG_PACKET);
		v = pt_ppi(test, m, t->e->multi_len[i],
			   RNDIS_PPI_INTERNAL | RNDIS_PPI_INTERNAL_PKT_ID);
		KUNIT_EXPECT_EQ(test, v & 0xff, 1);
		KUNIT_EXPECT_EQ(test, (v >> 8) & 0xff, flags);
		KUNIT_EXPECT_EQ(test, v >> 16, 0);
		KUNIT_EXPECT_EQ(test, !!pt_ppi(test, m, t->e->multi_len[i],
					       RNDIS_PPI_CSUM), !i);
		memcpy(&pk, m + RNDIS_HDR_SIZE, sizeof(pk));
		KUNIT_ASSERT_LE(test, have + pk.data_len, len);
		KUNIT_ASSERT_LE(test, RNDIS_HDR_SIZE + pk.data_offset +
				pk.data_len, t->e->multi_len[i]);
		memcpy(got + have, m + RNDIS_HDR_SIZE + pk.data_offset,
		       pk.data_len);
		have += pk.data_len;
	}
	KUNIT_EXPECT_EQ(test, have, len);
	KUNIT_EXPECT_EQ(test, memcmp(got, f, len), 0);
	hvnet_chan_stats(t->p->ch, &st);
	KUNIT_EXPECT_EQ(test, st.rx_rsc_frames, 1);
	KUNIT_EXPECT_EQ(test, st.rx_rsc_frags, t->e->ranges);

	/*
	 * A GSO packet queued while RSC was on, taken by the work item after
	 * the guest turned RSC off: dropped, never sent coalesced (the
	 * OID's reply is the only transfer-page packet).
	 */
	xfers = t->e->xfers;
	dev_queue_xmit(pt_gso_skb(t, f, len, 1000));
	pt_guest_offloads(t, false);
	KUNIT_EXPECT_EQ(test, t->e->xfers, xfers + 1);
	KUNIT_EXPECT_EQ(test, t->e->ranges, 1);
	hvnet_chan_stats(t->p->ch, &st);
	KUNIT_EXPECT_EQ(test, st.rx_rsc_frames, 1);
	KUNIT_EXPECT_EQ(test, st.rx_refused, 1);

	/* RSC off: ten frames of one slot each. */
	KUNIT_EXPECT_EQ(test, hvnet_chan_rsc(t->p->ch), 0);
	xfers = t->e->xfers;
	dev_queue_xmit(pt_gso_skb(t, f, len, 1000));
	pt_wait_xfers(t, xfers + 10);
	KUNIT_EXPECT_EQ(test, t->e->ranges, 1);
}

/*
 * The same race with receive checksums: a GSO packet queued while RSC and
 * checksums were on, taken after the guest turned its TCP receive
 * checksums off.  It is dropped and counted, and never goes to
 * skb_checksum_help(), which WARNs on GSO (a kernel with panic_on_warn
 * would go down at a guest's ethtool -K).
 */
static void pt_host_gso_csum_off(struct kunit *test)
{
	struct pt_env *t = pt_up(test);
	u32 len = ETH_HLEN + 40 + 10 * 1000, xfers;
	u8 *f = kunit_kzalloc(test, len, GFP_KERNEL);
	bool warned = test_taint(TAINT_WARN);
	struct hvnet_chan_stats st;

	KUNIT_ASSERT_NOT_NULL(test, f);
	pt_guest_offloads(t, true);
	KUNIT_ASSERT_EQ(test, hvnet_chan_rsc(t->p->ch),
			HVNET_CHAN_RSC4 | HVNET_CHAN_RSC6);
	xfers = t->e->xfers;
	dev_queue_xmit(pt_gso_skb(t, f, len, 1000));
	pt_guest_offloads_csum(t, true, false);
	KUNIT_EXPECT_EQ(test, t->e->xfers, xfers + 1);
	hvnet_chan_stats(t->p->ch, &st);
	KUNIT_EXPECT_EQ(test, st.rx_refused, 1);
	KUNIT_EXPECT_EQ(test, st.rx_rsc_frames, 0);
	if (!warned)
		KUNIT_EXPECT_FALSE(test, test_taint(TAINT_WARN));
}

/*
 * A guest that holds every slot: the queue stops instead of dropping,
 * and every frame arrives once the guest gives slots back.
 */
static void pt_backpressure(struct kunit *test)
{
	struct pt_env *t = pt_new(test, 0, 16);
	struct rtnl_link_stats64 st;
	u32 i, n = PORT_TXQ_STOP + 88, xfers;
	u8 f[200];

	pt_open(t);
	pt_guest_up(t);
	xfers = t->e->xfers;
	t->e->autocomplete = false;
	nt_fill_frame(f, sizeof(f), 9);
	ether_addr_copy(f, nt_mac);
	for (i = 0; i < n; i++)
		dev_queue_xmit(pt_host_skb(t, f, sizeof(f)));
	KUNIT_EXPECT_TRUE(test, netif_queue_stopped(t->dev));
	KUNIT_EXPECT_GE(test, atomic64_read(&t->p->st.tx_queue_stops), 1);
	nt_poll(t->e);
	/* 16 pages hold 37 slots; the guest holds them all. */
	KUNIT_EXPECT_EQ(test, t->e->xfers - xfers, 37);
	t->e->autocomplete = true;
	pt_wait_xfers(t, xfers + n);
	dev_get_stats(t->dev, &st);
	KUNIT_EXPECT_EQ(test, st.tx_packets, n);
	KUNIT_EXPECT_EQ(test, st.tx_dropped, 0);
	KUNIT_EXPECT_FALSE(test, netif_queue_stopped(t->dev));
}

/* Jumbo frames: slots sized from the port's MTU, 9000-byte payloads. */
static void pt_jumbo(struct kunit *test)
{
	struct pt_env *t = pt_new(test, 9000, 256);
	u32 slot = ALIGN(9000 + VLAN_ETH_HLEN + HVNET_RNDIS_RX_HDR_MAX, 64);
	struct rndis_query_complete qc;
	u32 len = 9000 + ETH_HLEN, glen;
	const u8 *got;
	u8 *f = kunit_kzalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	pt_open(t);
	t->e->slot_size = slot;
	pt_guest_up(t);
	nt_oid(t->e, RNDIS_MSG_QUERY, RNDIS_OID_GEN_MAXIMUM_FRAME_SIZE, NULL, 0);
	memcpy(&qc, t->e->rndis + RNDIS_HDR_SIZE, sizeof(qc));
	KUNIT_ASSERT_EQ(test, qc.info_buflen, 4);
	KUNIT_EXPECT_EQ(test, nt_get32(t->e->rndis + RNDIS_HDR_SIZE +
				       qc.info_buf_offset), 9000);

	nt_fill_frame(f, len, 5);
	ether_addr_copy(f, nt_mac);
	dev_queue_xmit(pt_host_skb(t, f, len));
	pt_wait_xfers(t, 5);
	got = pt_slot_frame(t, &glen);
	KUNIT_ASSERT_EQ(test, glen, len);
	KUNIT_EXPECT_EQ(test, memcmp(got, f, len), 0);
}

/*
 * `ip link del`: the guest gets a rescind; the instance is busy until
 * the guest releases the relid, then the NIC can be added again.
 */
/* Unregister the port as `ip link del` does. */
static void pt_del(struct pt_env *t)
{
	LIST_HEAD(kill);

	rtnl_lock();
	netdev_rx_handler_unregister(t->dev);
	t->dev->rtnl_link_ops->dellink(t->dev, &kill);
	unregister_netdevice_many(&kill);
	/* Our reference would hold up the unregistration in rtnl_unlock(). */
	dev_put(t->dev);
	t->dev = NULL;
	rtnl_unlock();
}

static void pt_link_del(struct kunit *test)
{
	struct pt_env *t = pt_up(test);
	struct hvhost_vmbus *vb = tpart_vmbus(t->e->tp);
	struct hvhost_device d = pt_device(0);
	u8 f[60];

	/* Traffic in flight both ways while the port goes. */
	nt_fill_frame(f, sizeof(f), 1);
	ether_addr_copy(f, nt_mac);
	dev_queue_xmit(pt_host_skb(t, f, sizeof(f)));
	pt_del(t);
	KUNIT_EXPECT_EQ(test, tguest_poll(t->e->g), 1);
	KUNIT_EXPECT_TRUE(test, t->e->ch->rescinded);
	KUNIT_EXPECT_EQ(test, hvnet_port_remove(vb, &nt_instance), -ENOENT);
	KUNIT_EXPECT_EQ(test, hvnet_port_add(vb, &d), -EBUSY);
	KUNIT_EXPECT_EQ(test, tguest_close(t->e->ch), 0);
	KUNIT_EXPECT_EQ(test, tguest_release_relid(t->e->ch), 0);
	d = pt_device(0);
	KUNIT_EXPECT_EQ(test, hvnet_port_add(vb, &d), 0);
	KUNIT_EXPECT_EQ(test, tguest_poll(t->e->g), 1);
	KUNIT_EXPECT_NOT_NULL(test, tguest_find_class(t->e->g,
						      &hvnet_nic_class));
}

/*
 * A frame the guest queued just before the port went: Linux stops reading
 * the ring at the rescind and then waits for that frame's completion
 * forever, so the completion must be in the ring before the rescind.
 */
static void pt_link_del_inflight(struct kunit *test)
{
	struct pt_env *t = pt_up(test);
	struct nvsp_msg m = { .msg_type = NVSP_MSG1_SEND_RNDIS_PKT };
	struct tguest_chan *gch = t->e->ch;
	u8 f[60], buf[128];
	u64 signals = gch->signals;
	u32 len, rd, wr;

	nt_fill_frame(f, sizeof(f), 3);
	len = nt_build_packet(buf, f, sizeof(f));
	KUNIT_ASSERT_EQ(test, tpart_write(t->e->tp, t->e->send_gpa +
					  2 * HVNET_NVSP_SEND_SECTION, buf, len),
			0);
	m.body.rndis_pkt.send_buf_section_index = 2;
	m.body.rndis_pkt.send_buf_section_size = len;
	/* As if the host were mid-pass: the guest does not signal. */
	WRITE_ONCE(gch->out.hdr->interrupt_mask, 1);
	KUNIT_ASSERT_EQ(test, tguest_chan_send(gch, VM_PKT_DATA_INBAND,
					       VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
					       0x5eed, &m, sizeof(m)), 0);
	KUNIT_ASSERT_EQ(test, gch->signals, signals);
	pt_del(t);
	/* The guest's ring is read to the end: nothing left behind. */
	rd = READ_ONCE(gch->out.hdr->read_index);
	wr = READ_ONCE(gch->out.hdr->write_index);
	KUNIT_EXPECT_EQ(test, rd, wr);
	t->e->got_comp = false;
	nt_poll(t->e);
	KUNIT_EXPECT_TRUE(test, t->e->got_comp);
	KUNIT_EXPECT_EQ(test, t->e->comp_tid, 0x5eed);
	KUNIT_EXPECT_EQ(test, t->e->comp.msg_type,
			NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE);
	KUNIT_EXPECT_EQ(test, t->e->comp.body.rndis_pkt_complete.status,
			NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, tguest_poll(t->e->g), 1);
	KUNIT_EXPECT_TRUE(test, gch->rescinded);
	KUNIT_EXPECT_EQ(test, tguest_close(gch), 0);
	KUNIT_EXPECT_EQ(test, tguest_release_relid(gch), 0);
}

/*
 * Offload requests that do not fit the frame (checklist class 6): each is
 * refused with -EINVAL, never applied; a request that fits gives a sane
 * skb.  Driven through hvnet_port_build_skb() directly.
 */
struct pt_offload_case {
	const char *name;
	u32 len;
	u32 flags;
	bool tcp;
	bool udp;
	bool v6;
	u16 l4;
	u16 mss;
	u8 ihl;
	u8 proto;
	int err;
};

static const struct pt_offload_case pt_offload_cases[] = {
	{ "tcp csum ok", 200, HVNET_PKT_CSUM, true, false, false, 34, 0, 5,
	  IPPROTO_TCP, 0 },
	{ "l4 inside the IP header", 200, HVNET_PKT_CSUM, true, false, false,
	  30, 0, 5, IPPROTO_TCP, -EINVAL },
	{ "tcp header past the end", 60, HVNET_PKT_CSUM, true, false, false,
	  50, 0, 5, IPPROTO_TCP, -EINVAL },
	{ "udp header past the end", 60, HVNET_PKT_CSUM, false, true, false,
	  56, 0, 5, IPPROTO_UDP, -EINVAL },
	{ "lso ok", 3000, HVNET_PKT_LSO, true, false, false, 34, 1400, 5,
	  IPPROTO_TCP, 0 },
	{ "lso l4 not after IP", 3000, HVNET_PKT_LSO, true, false, false, 38,
	  1400, 5, IPPROTO_TCP, -EINVAL },
	{ "lso ihl below 5", 3000, HVNET_PKT_LSO, true, false, false, 30, 1400,
	  4, IPPROTO_TCP, -EINVAL },
	{ "lso of udp", 3000, HVNET_PKT_LSO, true, false, false, 34, 1400, 5,
	  IPPROTO_UDP, -EINVAL },
	{ "lso v6 flag on v4", 3000, HVNET_PKT_LSO, true, false, true, 34,
	  1400, 5, IPPROTO_TCP, -EINVAL },
	{ "lso header past the end", 40, HVNET_PKT_LSO, true, false, false, 34,
	  1400, 5, IPPROTO_TCP, -EINVAL },
	{ "lso ipv4 past 64 KiB", ETH_HLEN + 65536, HVNET_PKT_LSO, true,
	  false, false, 34, 1400, 5, IPPROTO_TCP, -EINVAL },
	{ "lso ipv4 of 64 KiB - 1", ETH_HLEN + 65535, HVNET_PKT_LSO, true,
	  false, false, 34, 1400, 5, IPPROTO_TCP, 0 },
};

static void pt_offload_desc(const struct pt_offload_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pt_offload, pt_offload_cases, pt_offload_desc);

static void pt_offload_hostile(struct kunit *test)
{
	const struct pt_offload_case *c = test->param_value;
	struct hvnet_pkt_meta m = {
		.data_len = c->len, .flags = c->flags, .csum_ipv4 = !c->v6,
		.csum_ipv6 = c->v6, .csum_tcp = c->tcp, .csum_udp = c->udp,
		.l4_offset = c->l4, .lso_mss = c->mss, .lso_ipv6 = c->v6,
	};
	struct net_device *dev = alloc_etherdev(0);
	u8 *f = kunit_kzalloc(test, c->len, GFP_KERNEL);
	struct iphdr *iph;
	struct sk_buff *skb;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_ASSERT_NOT_NULL(test, f);
	pt_ipv4_frame(f, c->len, nt_mac, c->proto);
	iph = (struct iphdr *)(f + ETH_HLEN);
	iph->ihl = c->ihl;
	skb = hvnet_port_build_skb(dev, f, &m, &err);
	if (c->err) {
		KUNIT_EXPECT_NULL(test, skb);
		KUNIT_EXPECT_EQ(test, err, c->err);
	} else {
		KUNIT_ASSERT_NOT_NULL(test, skb);
		KUNIT_EXPECT_EQ(test, (int)skb->ip_summed, CHECKSUM_PARTIAL);
		KUNIT_EXPECT_EQ(test, skb_is_gso(skb), !!(c->flags & HVNET_PKT_LSO));
		KUNIT_EXPECT_LE(test, skb_checksum_start_offset(skb) +
				skb->csum_offset + 2, skb_headlen(skb));
		kfree_skb(skb);
	}
	free_netdev(dev);
}

static struct kunit_case pt_cases[] = {
	KUNIT_CASE_PARAM(pt_offload_hostile, pt_offload_gen_params),
	KUNIT_CASE(pt_add_checks),
	KUNIT_CASE(pt_carrier),
	KUNIT_CASE(pt_link_state),
	KUNIT_CASE(pt_guest_to_host),
	KUNIT_CASE(pt_guest_lso),
	KUNIT_CASE(pt_guest_csum),
	KUNIT_CASE(pt_host_to_guest),
	KUNIT_CASE(pt_host_csum),
	KUNIT_CASE(pt_host_gso),
	KUNIT_CASE(pt_host_rsc),
	KUNIT_CASE(pt_host_gso_csum_off),
	KUNIT_CASE(pt_backpressure),
	KUNIT_CASE(pt_jumbo),
	KUNIT_CASE(pt_link_del),
	KUNIT_CASE(pt_link_del_inflight),
	{}
};

static struct kunit_suite pt_suite = {
	.name = "hvhost_netvsp_port",
	.test_cases = pt_cases,
};

kunit_test_suite(pt_suite);
