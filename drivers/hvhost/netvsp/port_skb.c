// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest frames as skbs: one copy from the checked host copy of the frame,
 * then the guest's offload requests (checksum, LSO, VLAN, hash) mapped
 * onto skb fields so that the host stack does not redo the work.
 *
 * The guest's metadata is only a request.  Offsets are checked against
 * the frame, the headers are parsed from the skb (host memory), and an
 * LSO frame is marked SKB_GSO_DODGY so that the stack checks it again
 * before it trusts gso_size, as it does for tun.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip6_checksum.h>
#include <net/ip.h>
#include <net/tcp.h>

#include "port.h"
#include "rndis_pkt.h"

/* Frames up to this size are copied into the linear area whole. */
#define PORT_COPYBREAK		2048
/* Bytes of a larger frame put in the linear area: at least its headers. */
#define PORT_HEAD_LEN		256

static struct sk_buff *port_alloc_skb(struct net_device *dev, u32 len)
{
	u32 linear = len <= PORT_COPYBREAK ? len : PORT_HEAD_LEN;
	struct sk_buff *skb;
	int err;

	skb = alloc_skb_with_frags(NET_SKB_PAD + NET_IP_ALIGN + linear,
				   len - linear, PAGE_ALLOC_COSTLY_ORDER, &err,
				   GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_reserve(skb, NET_SKB_PAD + NET_IP_ALIGN);
	skb_put(skb, linear);
	skb->data_len = len - linear;
	skb->len += len - linear;
	skb->dev = dev;
	return skb;
}

/* IPv4 LSO: Linux guests zero tot_len and the IP checksum. */
static int port_lso4(struct sk_buff *skb, u32 l3, u32 l4)
{
	struct iphdr *iph = (struct iphdr *)(skb->data + l3);
	struct tcphdr *th = (struct tcphdr *)(skb->data + l4);

	if (iph->version != 4 || iph->ihl < 5 || l3 + iph->ihl * 4 != l4 ||
	    iph->protocol != IPPROTO_TCP || skb->len - l3 > U16_MAX)
		return -EINVAL;
	iph->tot_len = htons(skb->len - l3);
	ip_send_check(iph);
	th->check = ~tcp_v4_check(skb->len - l4, iph->saddr, iph->daddr, 0);
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	return 0;
}

/* IPv6 LSO: Linux guests zero payload_len. */
static int port_lso6(struct sk_buff *skb, u32 l3, u32 l4)
{
	struct ipv6hdr *ip6h = (struct ipv6hdr *)(skb->data + l3);
	struct tcphdr *th = (struct tcphdr *)(skb->data + l4);

	if (ip6h->version != 6 || l3 + sizeof(*ip6h) != l4 ||
	    ip6h->nexthdr != IPPROTO_TCP)
		return -EINVAL;
	ip6h->payload_len = htons(skb->len - l4);
	th->check = ~tcp_v6_check(skb->len - l4, &ip6h->saddr, &ip6h->daddr,
				  0);
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV6;
	return 0;
}

/*
 * Checksum and LSO requests.  @skb->data is the network header (after
 * eth_type_trans()); the guest's offsets count from the Ethernet header.
 */
static int port_offload(struct sk_buff *skb, const struct hvnet_pkt_meta *m)
{
	bool lso = m->flags & HVNET_PKT_LSO;
	u32 l3 = 0, l4, need;
	u16 csum_off;
	int err;

	if (!(m->flags & (HVNET_PKT_CSUM | HVNET_PKT_LSO)))
		return 0;
	if (m->l4_offset < ETH_HLEN + sizeof(struct iphdr))
		return -EINVAL;
	l4 = m->l4_offset - ETH_HLEN;
	if (lso || m->csum_tcp) {
		csum_off = offsetof(struct tcphdr, check);
		need = l4 + sizeof(struct tcphdr);
	} else if (m->csum_udp) {
		csum_off = offsetof(struct udphdr, check);
		need = l4 + sizeof(struct udphdr);
	} else {
		need = l4;
		csum_off = 0;
	}
	if (need > skb->len || !pskb_may_pull(skb, need))
		return -EINVAL;
	if (m->csum_ip_hdr && m->csum_ipv4 && !lso) {
		struct iphdr *iph = (struct iphdr *)skb->data;

		if (skb->protocol != htons(ETH_P_IP) || iph->ihl < 5 ||
		    iph->ihl * 4 > l4)
			return -EINVAL;
		ip_send_check(iph);
	}
	if (lso) {
		if (skb->protocol == htons(ETH_P_IP) && !m->lso_ipv6)
			err = port_lso4(skb, l3, l4);
		else if (skb->protocol == htons(ETH_P_IPV6) && m->lso_ipv6)
			err = port_lso6(skb, l3, l4);
		else
			err = -EINVAL;
		if (err)
			return err;
		skb_shinfo(skb)->gso_size = m->lso_mss;
		skb_shinfo(skb)->gso_type |= SKB_GSO_DODGY;
		skb_shinfo(skb)->gso_segs = 0;
	}
	if (!csum_off)
		return 0;
	/* Bounds-checks start and offset against the linear data. */
	return skb_partial_csum_set(skb, l4, csum_off) ? 0 : -EINVAL;
}

/**
 * hvnet_port_build_skb() - a guest frame as an skb for the host stack
 * @dev: the port the frame arrives on.
 * @frame: the frame, a host copy of @meta->data_len bytes.
 * @meta: its checked RNDIS metadata.
 * @err: set to -ENOMEM or -EINVAL (offload requests that do not fit
 *	the frame) when NULL is returned.
 *
 * Context: process context.
 * Return: the skb, protocol and offloads set, or NULL.
 */
struct sk_buff *hvnet_port_build_skb(struct net_device *dev, const u8 *frame,
				     const struct hvnet_pkt_meta *meta,
				     int *err)
{
	struct sk_buff *skb;

	*err = -EINVAL;
	if (meta->data_len < ETH_HLEN || meta->data_len > HVNET_PKT_DATA_MAX)
		return NULL;
	*err = -ENOMEM;
	skb = port_alloc_skb(dev, meta->data_len);
	if (!skb)
		return NULL;
	skb_store_bits(skb, 0, frame, meta->data_len);
	skb->protocol = eth_type_trans(skb, dev);
	skb_reset_network_header(skb);
	*err = port_offload(skb, meta);
	if (*err) {
		kfree_skb(skb);
		return NULL;
	}
	if (meta->flags & HVNET_PKT_VLAN)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), meta->vlan_tci);
	if (meta->flags & HVNET_PKT_HASH)
		skb_set_hash(skb, meta->hash, PKT_HASH_TYPE_L4);
	return skb;
}
