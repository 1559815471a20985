// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit benchmark of the NIC's channel glue: host cost per packet and
 * throughput, driven by the software test guest.  Not a timed test: each
 * case prints one "hvnet-bench:" line with its figures, and asserts only
 * that every packet arrived (counters), never how long it took.
 *
 * The guest brings the NIC up as Linux 6.12's hv_netvsc does (NVSP 6.1,
 * receive and send buffers, RNDIS INITIALIZE and the packet filter), then:
 *  - guest->host: frames of 64 and 1500 bytes copied into send sections
 *    (netvsc_copy_to_send_buf()), and 64 KiB LSO frames with an LSOv2
 *    per-packet info sent by GPA ranges, one range per page piece as
 *    vmbus_sendpacket_pagebuffer() does, from guest memory written once;
 *  - host->guest: frames of 64 and 1500 bytes through hvnet_chan_rx_frame(),
 *    the guest copying each out of its receive slot and completing it;
 *  - the same 64 and 1500-byte frames through the hvnet port (rows
 *    "-port"): guest frames through NAPI to an rx_handler that counts and
 *    consumes them (as a bridge would take them), host frames as skbs
 *    through dev_queue_xmit() and ndo_start_xmit.
 *
 * Everything runs on UML's one CPU without preemption (the bench build
 * has CONFIG_PREEMPT_NONE), so the channel's work item runs only while the
 * guest waits in hvnet_chan_flush().  Host time is the time spent there
 * plus inside hvnet_chan_rx_frame() or dev_queue_xmit() (skb allocation
 * included) and the port's NAPI, which nb_host() runs by enabling BHs;
 * total time adds the software guest's own work.  Signals are counted
 * both ways: the guest's to the host (kicks) and the host's to the guest
 * (interrupts).
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/tcp.h>
#include <linux/uio.h>
#include <linux/unaligned.h>
#include <linux/uuid.h>
#include <uapi/linux/hvhost.h>

#include "test/tguest.h"
#include "test/tpart.h"
#include "vmbus/vmbus.h"
#include "chan.h"
#include "nvsp.h"
#include "port.h"
#include "port_priv.h"
#include "rndis.h"
#include "rndis_pkt.h"

#define NB_MEM		SZ_16M
#define NB_RING		SZ_256K
/* hv_netvsc's defaults are 16 MiB and 1 MiB; 4 MiB is 2427 slots. */
#define NB_RECV_BYTES	SZ_4M
#define NB_SEND_BYTES	SZ_1M
#define NB_SECTIONS	(NB_SEND_BYTES / HVNET_NVSP_SEND_SECTION)
/* Send section 0 carries control messages. */
#define NB_CTRL_SEC	0
/* Transaction ids of data sends: this bit and the section or buffer. */
#define NB_TID_DATA	BIT_ULL(62)
/* 64 KiB LSO: TCP's usual 45 segments of 1448 bytes behind the headers. */
#define NB_LSO_MSS	1448
#define NB_LSO_LEN	(ETH_HLEN + sizeof(struct iphdr) + \
			 sizeof(struct tcphdr) + 45 * NB_LSO_MSS)
/* LSO frames in flight (each its own guest buffer), and their layout. */
#define NB_LSO_BUFS	16
#define NB_LSO_DATA_OFF	(HV_PAGE_SIZE + 64)
#define NB_LSO_PAGES	(DIV_ROUND_UP(NB_LSO_DATA_OFF + NB_LSO_LEN, HV_PAGE_SIZE))
/* One range per page piece of the frame, one for the RNDIS header. */
#define NB_RANGES_MAX	(NB_LSO_PAGES + 1)
/* Rounds of "host runs, guest drains" without progress before giving up. */
#define NB_STALL_MAX	1000

static const u8 nb_mac[ETH_ALEN] = { 0x00, 0x15, 0x5d, 0x0b, 0xe0, 0x01 };

/* A single-page GPA range, as a struct hv_page_buffer on the wire. */
struct nb_range {
	u32 byte_count;
	u32 byte_offset;
	u64 pfn;
} __packed;

struct nb_port;

/**
 * struct nb_env - one benchmark's partition, guest and NIC
 * @test: the running test.
 * @tp: the partition.
 * @g: the guest.
 * @dev: the NIC.
 * @ch: the guest's view of the NIC's channel.
 * @recv_gpa: the receive buffer.
 * @send_gpa: the send buffer.
 * @tid: last control transaction id.
 * @req_id: last RNDIS request id.
 * @comp: the last control completion.
 * @got_comp: @comp arrived since the last control request.
 * @free: free data send sections (or LSO buffers), a stack.
 * @nr_free: entries in @free.
 * @data_comps: data sends completed by the host.
 * @data_bad: data sends completed with a failure status.
 * @held: receive slots to complete (transaction ids).
 * @nr_held: entries in @held.
 * @rx_frames: data frames the guest found in receive slots.
 * @rx_bytes: their frame bytes.
 * @rx_ctrl: control messages found in receive slots.
 * @host_ns: time spent in the host: flushes, hvnet_chan_rx_frame(), the
 *	port's transmit and NAPI.
 * @port: the hvnet port, when the NIC has one.
 * @pkt: an inbound ring packet.
 * @slot: a receive slot's contents.
 */
struct nb_env {
	struct kunit *test;
	struct tpart *tp;
	struct tguest *g;
	struct hvhost_channel *dev;
	struct tguest_chan *ch;
	u64 recv_gpa;
	u64 send_gpa;
	u64 tid;
	u32 req_id;
	struct nvsp_msg comp;
	bool got_comp;
	u32 free[NB_SECTIONS];
	u32 nr_free;
	u64 data_comps;
	u64 data_bad;
	u64 *held;
	u32 nr_held;
	u64 rx_frames;
	u64 rx_bytes;
	u64 rx_ctrl;
	u64 host_ns;
	struct nb_port *port;
	u8 *pkt;
	u8 *slot;
};

#define NB_SLOTS	(NB_RECV_BYTES / HVNET_NVSP_RECV_SUB_ALLOC)

/**
 * struct nb_port - the hvnet port of a NIC, for the netdev rows
 * @vb: the partition's VMBus host.
 * @dev: the port (a reference).
 * @p: its private data.
 * @d: how it was added.
 * @caught: guest frames the port received (its rx_handler).
 * @caught_bytes: their bytes, Ethernet header included.
 */
struct nb_port {
	struct hvhost_vmbus *vb;
	struct net_device *dev;
	struct hvnet_port *p;
	struct hvhost_device d;
	atomic64_t caught;
	atomic64_t caught_bytes;
};

/* Tries to let NAPI empty the port's queue of guest frames. */
#define NB_NAPI_TRIES	1000

/* Let NAPI hand the port's guest frames on (pending softirqs run here). */
static void nb_port_napi(struct nb_port *np)
{
	u32 n = 0;

	while (!skb_queue_empty_lockless(&np->p->rxq) && n++ < NB_NAPI_TRIES) {
		local_bh_disable();
		local_bh_enable();
		if (!skb_queue_empty_lockless(&np->p->rxq))
			usleep_range(10, 20);
	}
}

/* Let the host run until it has nothing left to do. */
static void nb_host(struct nb_env *e)
{
	u64 t0 = ktime_get_ns();

	hvnet_chan_flush(e->dev);
	if (e->port)
		nb_port_napi(e->port);
	e->host_ns += ktime_get_ns() - t0;
}

/* netvsc_receive(): copy a slot out and remember to give it back. */
static void nb_on_xfer(struct nb_env *e, u32 len)
{
	const struct vmbus_xfer_page_pkt *xp = (const void *)e->pkt;
	struct vmbus_xfer_page_range r;
	struct rndis_packet p;
	struct nvsp_msg m;
	u32 off = xp->desc.offset8 << 3;

	KUNIT_ASSERT_GE(e->test, len, off + NVSP_MSG_SIZE);
	KUNIT_ASSERT_EQ(e->test, xp->range_cnt, 1);
	memcpy(&r, e->pkt + sizeof(*xp), sizeof(r));
	memcpy(&m, e->pkt + off, sizeof(m));
	KUNIT_ASSERT_LE(e->test, r.byte_count, HVNET_NVSP_RECV_SUB_ALLOC);
	KUNIT_ASSERT_LE(e->test, (u64)r.byte_offset + r.byte_count,
			NB_RECV_BYTES);
	KUNIT_ASSERT_EQ(e->test, tpart_read(e->tp, e->recv_gpa + r.byte_offset,
					    e->slot, r.byte_count), 0);
	KUNIT_ASSERT_LT(e->test, e->nr_held, NB_SLOTS);
	e->held[e->nr_held++] = xp->desc.trans_id;
	if (m.body.rndis_pkt.channel_type == NVSP_RNDIS_CHANNEL_CONTROL) {
		e->rx_ctrl++;
		return;
	}
	memcpy(&p, e->slot + RNDIS_HDR_SIZE, sizeof(p));
	e->rx_frames++;
	e->rx_bytes += p.data_len;
}

static void nb_on_comp(struct nb_env *e, u32 len)
{
	const struct vmbus_pkt_desc *d = (const void *)e->pkt;
	u32 off = d->offset8 << 3;
	struct nvsp_msg m = {};

	memcpy(&m, e->pkt + off, min_t(u32, len - off, sizeof(m)));
	if (!(d->trans_id & NB_TID_DATA)) {
		e->comp = m;
		e->got_comp = true;
		return;
	}
	KUNIT_ASSERT_LT(e->test, e->nr_free, NB_SECTIONS);
	e->free[e->nr_free++] = d->trans_id & ~NB_TID_DATA;
	e->data_comps++;
	if (m.msg_type != NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE ||
	    m.body.rndis_pkt_complete.status != NVSP_STAT_SUCCESS)
		e->data_bad++;
}

/* netvsc_send_recv_completion() for every slot read; 0 or -EAGAIN. */
static int nb_complete_slots(struct nb_env *e)
{
	struct { u32 type; u32 status; } m = {
		NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE, NVSP_STAT_SUCCESS,
	};
	int ret;

	while (e->nr_held) {
		ret = tguest_chan_send(e->ch, VM_PKT_COMP, 0,
				       e->held[e->nr_held - 1], &m, sizeof(m));
		if (ret == -EAGAIN)
			return ret;
		KUNIT_ASSERT_EQ(e->test, ret, 0);
		e->nr_held--;
	}
	return 0;
}

/* The guest's interrupt handler: read everything, give slots back. */
static void nb_drain(struct nb_env *e)
{
	const struct vmbus_pkt_desc *d = (const void *)e->pkt;
	u32 len;

	while (!tguest_chan_recv(e->ch, e->pkt, TGUEST_PKT_MAX, &len)) {
		if (d->type == VM_PKT_COMP) {
			nb_on_comp(e, len);
			continue;
		}
		KUNIT_ASSERT_EQ(e->test, d->type, VM_PKT_DATA_USING_XFER_PAGES);
		nb_on_xfer(e, len);
	}
	tguest_chan_recv_done(e->ch);
	while (nb_complete_slots(e) == -EAGAIN)
		nb_host(e);
}

/* A guest that waits for the host: it runs, the guest drains. */
static void nb_wait(struct nb_env *e)
{
	nb_host(e);
	nb_drain(e);
}

/* One control NVSP message; the completion when @want_comp. */
static const struct nvsp_msg *nb_nvsp(struct nb_env *e,
				      const struct nvsp_msg *m, bool want_comp)
{
	u16 flags = want_comp ? VMBUS_PKT_FLAG_COMPLETION_REQUESTED : 0;

	e->got_comp = false;
	KUNIT_ASSERT_EQ(e->test, tguest_chan_send(e->ch, VM_PKT_DATA_INBAND,
						  flags, ++e->tid, m,
						  sizeof(*m)), 0);
	nb_wait(e);
	nb_wait(e);
	KUNIT_ASSERT_EQ(e->test, e->got_comp, want_comp);
	return &e->comp;
}

/* An RNDIS control request in the control section; its reply arrives. */
static void nb_rndis_ctrl(struct nb_env *e, const void *msg, u32 len)
{
	struct nvsp_msg m = { .msg_type = NVSP_MSG1_SEND_RNDIS_PKT };
	u64 ctrl = e->rx_ctrl;

	KUNIT_ASSERT_EQ(e->test, tpart_write(e->tp, e->send_gpa + NB_CTRL_SEC *
					     HVNET_NVSP_SEND_SECTION, msg, len),
			0);
	m.body.rndis_pkt.channel_type = NVSP_RNDIS_CHANNEL_CONTROL;
	m.body.rndis_pkt.send_buf_section_index = NB_CTRL_SEC;
	m.body.rndis_pkt.send_buf_section_size = len;
	KUNIT_ASSERT_EQ(e->test,
			nb_nvsp(e, &m, true)->body.rndis_pkt_complete.status,
			NVSP_STAT_SUCCESS);
	KUNIT_ASSERT_EQ(e->test, e->rx_ctrl, ctrl + 1);
	KUNIT_ASSERT_EQ(e->test, get_unaligned_le32(e->slot + 12),
			RNDIS_STATUS_SUCCESS);
}

static void nb_connect(struct nb_env *e)
{
	struct nvsp_msg m = { .msg_type = NVSP_MSG_INIT };
	const struct nvsp_msg *c;

	m.body.init.min_protocol_ver = NVSP_VERSION_61;
	m.body.init.max_protocol_ver = NVSP_VERSION_61;
	c = nb_nvsp(e, &m, true);
	KUNIT_ASSERT_EQ(e->test, c->body.init_complete.status,
			NVSP_STAT_SUCCESS);
	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG2_SEND_NDIS_CONFIG;
	m.body.ndis_config.mtu = ETH_DATA_LEN + ETH_HLEN;
	m.body.ndis_config.capability = NVSP_CAP_IEEE8021Q | NVSP_CAP_SRIOV |
					NVSP_CAP_TEAMING | NVSP_CAP_RSC;
	nb_nvsp(e, &m, false);
	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG1_SEND_NDIS_VERSION;
	m.body.ndis_version.major = 6;
	m.body.ndis_version.minor = 30;
	nb_nvsp(e, &m, false);
}

static void nb_buffers(struct nb_env *e)
{
	struct nvsp_msg m = { .msg_type = NVSP_MSG1_SEND_RECV_BUF };
	u32 gpadl;

	KUNIT_ASSERT_EQ(e->test, tguest_gpadl_create(e->ch, e->recv_gpa,
						     NB_RECV_BYTES / HV_PAGE_SIZE,
						     &gpadl), 0);
	m.body.send_buf.gpadl_handle = gpadl;
	m.body.send_buf.id = NVSP_RECV_BUF_ID;
	KUNIT_ASSERT_EQ(e->test,
			nb_nvsp(e, &m, true)->body.recv_buf_complete.status,
			NVSP_STAT_SUCCESS);
	KUNIT_ASSERT_EQ(e->test, tguest_gpadl_create(e->ch, e->send_gpa,
						     NB_SEND_BYTES / HV_PAGE_SIZE,
						     &gpadl), 0);
	memset(&m, 0, sizeof(m));
	m.msg_type = NVSP_MSG1_SEND_SEND_BUF;
	m.body.send_buf.gpadl_handle = gpadl;
	m.body.send_buf.id = NVSP_SEND_BUF_ID_LINUX;
	KUNIT_ASSERT_EQ(e->test,
			nb_nvsp(e, &m, true)->body.send_buf_complete.status,
			NVSP_STAT_SUCCESS);
}

/* RNDIS INITIALIZE, then the packet filter a Linux guest sets. */
static void nb_rndis_up(struct nb_env *e)
{
	struct {
		struct rndis_msg_hdr h;
		struct rndis_init_request r;
	} __packed init = {
		.h = { RNDIS_MSG_INIT, sizeof(init) },
		.r = { .major_ver = 1, .max_xfer_size = 0x4000 },
	};
	struct {
		struct rndis_msg_hdr h;
		struct rndis_oid_request r;
		u32 filter;
	} __packed set = {
		.h = { RNDIS_MSG_SET, sizeof(set) },
		.r = {
			.oid = RNDIS_OID_GEN_CURRENT_PACKET_FILTER,
			.info_buflen = sizeof(u32),
			.info_buf_offset = sizeof(struct rndis_oid_request),
		},
		.filter = RNDIS_PACKET_TYPE_DIRECTED |
			  RNDIS_PACKET_TYPE_BROADCAST |
			  RNDIS_PACKET_TYPE_ALL_MULTICAST,
	};

	init.r.req_id = ++e->req_id;
	nb_rndis_ctrl(e, &init, sizeof(init));
	set.r.req_id = ++e->req_id;
	nb_rndis_ctrl(e, &set, sizeof(set));
}

/* A partition for the NIC; the NIC itself comes next. */
static struct nb_env *nb_env_new(struct kunit *test)
{
	struct nb_env *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, e);
	e->test = test;
	e->pkt = kunit_kzalloc(test, TGUEST_PKT_MAX, GFP_KERNEL);
	e->slot = kunit_kzalloc(test, HVNET_NVSP_RECV_SUB_ALLOC, GFP_KERNEL);
	e->held = kunit_kcalloc(test, NB_SLOTS, sizeof(*e->held), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e->pkt);
	KUNIT_ASSERT_NOT_NULL(test, e->slot);
	KUNIT_ASSERT_NOT_NULL(test, e->held);
	e->tp = tpart_create_kunit(test, NB_MEM, 1);
	KUNIT_ASSERT_NOT_NULL(test, e->tp);
	return e;
}

/* The guest finds the offered NIC and brings it up. */
static void nb_attach(struct nb_env *e)
{
	struct kunit *test = e->test;
	u32 i;

	e->g = tguest_create_kunit(test, e->tp);
	KUNIT_ASSERT_NOT_NULL(test, e->g);
	KUNIT_ASSERT_EQ(test, tguest_connect(e->g), VMBUS_VERSION_WIN10_V5_3);
	KUNIT_ASSERT_EQ(test, tguest_request_offers(e->g), 0);
	e->ch = tguest_find_class(e->g, &hvnet_nic_class);
	KUNIT_ASSERT_NOT_NULL(test, e->ch);
	KUNIT_ASSERT_EQ(test, tguest_open(e->ch, NB_RING, NB_RING, NULL), 0);
	e->recv_gpa = tguest_alloc_pages(e->g, NB_RECV_BYTES / HV_PAGE_SIZE);
	e->send_gpa = tguest_alloc_pages(e->g, NB_SEND_BYTES / HV_PAGE_SIZE);
	KUNIT_ASSERT_NE(test, e->recv_gpa, 0);
	KUNIT_ASSERT_NE(test, e->send_gpa, 0);
	nb_connect(e);
	nb_buffers(e);
	nb_rndis_up(e);
	/* Data sections, lowest index on top. */
	for (i = NB_SECTIONS - 1; i > NB_CTRL_SEC; i--)
		e->free[e->nr_free++] = i;
}

/* A NIC on the channel alone (no netdev: guest frames are counted). */
static struct nb_env *nb_up(struct kunit *test)
{
	struct hvnet_chan_config cfg = { .mtu = ETH_DATA_LEN };
	struct nb_env *e = nb_env_new(test);

	generate_random_guid(cfg.instance.b);
	ether_addr_copy(cfg.mac, nb_mac);
	e->dev = hvnet_chan_create(tpart_vmbus(e->tp), &cfg);
	KUNIT_ASSERT_FALSE(test, IS_ERR(e->dev));
	nb_attach(e);
	return e;
}

/* The port's receive side as a bridge would take it: count, consume. */
static rx_handler_result_t nb_port_rx(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct nb_port *np = rcu_dereference(skb->dev->rx_handler_data);

	atomic64_inc(&np->caught);
	atomic64_add(skb->len + skb->mac_len, &np->caught_bytes);
	consume_skb(skb);
	return RX_HANDLER_CONSUMED;
}

static void nb_port_cleanup(void *data)
{
	struct nb_port *np = data;

	rtnl_lock();
	if (np->dev->reg_state == NETREG_REGISTERED)
		netdev_rx_handler_unregister(np->dev);
	rtnl_unlock();
	dev_put(np->dev);
	hvnet_port_remove_all(np->vb);
}

/* A NIC with its hvnet port, as HVHOST_ADD_DEVICE adds it; the port up. */
static struct nb_env *nb_up_port(struct kunit *test)
{
	struct nb_env *e = nb_env_new(test);
	struct nb_port *np = kunit_kzalloc(test, sizeof(*np), GFP_KERNEL);
	int reg, open;

	KUNIT_ASSERT_NOT_NULL(test, np);
	np->vb = tpart_vmbus(e->tp);
	np->d.type = HVHOST_DEVICE_NET;
	generate_random_guid(np->d.instance);
	ether_addr_copy(np->d.net.mac, nb_mac);
	KUNIT_ASSERT_EQ(test, hvnet_port_add(np->vb, &np->d), 0);
	np->dev = dev_get_by_index(&init_net, np->d.net.ifindex);
	KUNIT_ASSERT_NOT_NULL(test, np->dev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, nb_port_cleanup,
							np), 0);
	np->p = netdev_priv(np->dev);
	e->dev = np->p->ch;
	e->port = np;
	rtnl_lock();
	reg = netdev_rx_handler_register(np->dev, nb_port_rx, np);
	/* No IPv6 autoconfiguration frames of the stack's own in the way. */
	np->dev->priv_flags |= IFF_NO_ADDRCONF;
	open = dev_open(np->dev, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, reg, 0);
	KUNIT_ASSERT_EQ(test, open, 0);
	nb_attach(e);
	return e;
}

/**
 * struct nb_result - what one benchmark measured, in its fastest round
 * @dir: "g2h" (guest to host) or "h2g".
 * @name: the frame kind.
 * @packets: frames moved in the round.
 * @bytes: their bytes.
 * @total_ns: wall time of the round, guest and host.
 * @host_ns: the host's part of it.
 * @kicks: signals from the guest to the host.
 * @irqs: signals from the host to the guest.
 */
struct nb_result {
	const char *dir;
	const char *name;
	u64 packets;
	u64 bytes;
	u64 total_ns;
	u64 host_ns;
	u64 kicks;
	u64 irqs;
};

/**
 * struct nb_round - counters at the start of a round
 * @t0: its start time.
 * @kicks: the guest's signals so far.
 * @irqs: the host's signals so far.
 */
struct nb_round {
	u64 t0;
	u64 kicks;
	u64 irqs;
};

/*
 * Rounds per benchmark; the fastest is reported, the others were slowed
 * down by whatever else the machine ran.
 */
#define NB_ROUNDS	5

/* Ten-thousandths of @n / @d, printed as %llu.%04llu. */
#define NB_PER(n, d)	div64_u64((n) * 10000, (d) ?: 1)

static void nb_print(struct kunit *test, const struct nb_result *r)
{
	u64 kicks = NB_PER(r->kicks, r->packets);
	u64 irqs = NB_PER(r->irqs, r->packets);

	kunit_info(test,
		   "hvnet-bench: %s %s packets=%llu bytes=%llu ns/pkt=%llu host-ns/pkt=%llu Mbit/s=%llu host-Mbit/s=%llu kicks=%llu irqs=%llu kicks/pkt=%llu.%04llu irqs/pkt=%llu.%04llu\n",
		   r->dir, r->name, r->packets, r->bytes,
		   div64_u64(r->total_ns, r->packets ?: 1),
		   div64_u64(r->host_ns, r->packets ?: 1),
		   div64_u64(r->bytes * 8000, r->total_ns ?: 1),
		   div64_u64(r->bytes * 8000, r->host_ns ?: 1),
		   r->kicks, r->irqs, kicks / 10000, kicks % 10000,
		   irqs / 10000, irqs % 10000);
}

static void nb_round_start(struct nb_env *e, struct nb_round *rd)
{
	struct hvnet_chan_stats st;

	hvnet_chan_stats(e->dev, &st);
	rd->kicks = e->ch->signals;
	rd->irqs = st.signals;
	e->host_ns = 0;
	rd->t0 = ktime_get_ns();
}

/* A round of @packets frames of @len bytes ended: keep it if fastest. */
static void nb_round_end(struct nb_env *e, const struct nb_round *rd,
			 struct nb_result *best, u64 packets, u32 len)
{
	u64 total = ktime_get_ns() - rd->t0;
	struct hvnet_chan_stats st;

	hvnet_chan_stats(e->dev, &st);
	if (best->packets && total >= best->total_ns)
		return;
	best->packets = packets;
	best->bytes = packets * len;
	best->total_ns = total;
	best->host_ns = e->host_ns;
	best->kicks = e->ch->signals - rd->kicks;
	best->irqs = st.signals - rd->irqs;
}

static void nb_fill_frame(u8 *f, u32 len)
{
	u32 i;

	ether_addr_copy(f, nb_mac);
	memcpy(f + ETH_ALEN, "\x02\x00\x5e\x10\x00\x01", ETH_ALEN);
	f[12] = 0x08;
	f[13] = 0x00;
	for (i = ETH_HLEN; i < len; i++)
		f[i] = i * 13;
}

/*
 * An RNDIS_MSG_PACKET header for a @len-byte frame, with an LSOv2 per-
 * packet info if @mss; its length (the frame follows it).
 */
static u32 nb_rndis_hdr(u8 *buf, u32 len, u32 mss)
{
	u32 ppi_len = mss ? sizeof(struct rndis_ppi) + sizeof(u32) : 0;
	struct rndis_packet p = {
		.data_offset = sizeof(p) + ppi_len,
		.data_len = len,
		.per_pkt_info_offset = ppi_len ? sizeof(p) : 0,
		.per_pkt_info_len = ppi_len,
	};
	struct rndis_ppi ppi = {
		.size = ppi_len, .type = RNDIS_PPI_LSO,
		.ppi_offset = sizeof(ppi),
	};
	u32 hdr_len = RNDIS_HDR_SIZE + sizeof(p) + ppi_len;
	struct rndis_msg_hdr h = { RNDIS_MSG_PACKET, hdr_len + len };
	u32 lso = FIELD_PREP(NDIS_LSO_MSS, mss) | NDIS_LSO_TYPE_V2 |
		  FIELD_PREP(NDIS_LSO_TCP_OFF, ETH_HLEN + sizeof(struct iphdr));

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + RNDIS_HDR_SIZE, &p, sizeof(p));
	if (ppi_len) {
		memcpy(buf + RNDIS_HDR_SIZE + sizeof(p), &ppi, sizeof(ppi));
		memcpy(buf + RNDIS_HDR_SIZE + sizeof(p) + sizeof(ppi), &lso,
		       sizeof(lso));
	}
	return hdr_len;
}

/* Give up when the guest waited this often in a row without progress. */
static void nb_stalled(struct nb_env *e, u32 *stall)
{
	KUNIT_ASSERT_LT_MSG(e->test, ++*stall, NB_STALL_MAX,
			    "no progress: sent frames are not completed");
}

/* netvsc_send() of a frame already copied into send section @sec. */
static int nb_send_section(struct nb_env *e, u32 sec, u32 len)
{
	struct nvsp_msg m = { .msg_type = NVSP_MSG1_SEND_RNDIS_PKT };

	m.body.rndis_pkt.channel_type = NVSP_RNDIS_CHANNEL_DATA;
	m.body.rndis_pkt.send_buf_section_index = sec;
	m.body.rndis_pkt.send_buf_section_size = len;
	return tguest_chan_send(e->ch, VM_PKT_DATA_INBAND,
				VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
				NB_TID_DATA | sec, &m, sizeof(m));
}

/* Wait until the host completed all @sent data sends. */
static void nb_tx_wait_all(struct nb_env *e, u64 sent)
{
	u32 stall = 0;

	while (e->data_comps < sent) {
		nb_wait(e);
		nb_stalled(e, &stall);
	}
}

/*
 * After all rounds: what the host counted for @sent frames of @len bytes,
 * and the last frame byte for byte (as far as the host keeps it).
 */
static void nb_tx_check(struct nb_env *e, const struct hvnet_chan_stats *st0,
			u64 sent, const u8 *frame, u32 len, u32 mss)
{
	struct kunit *test = e->test;
	u32 cmp = min_t(u32, len, HVNET_NVSP_SEND_SECTION);
	struct hvnet_pkt_meta meta;
	struct hvnet_chan_stats st;
	u8 *got;

	hvnet_chan_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(test, e->data_comps, sent);
	KUNIT_EXPECT_EQ(test, e->data_bad, 0);
	KUNIT_EXPECT_EQ(test, st.tx_frames - st0->tx_frames, sent);
	KUNIT_EXPECT_EQ(test, st.tx_bytes - st0->tx_bytes, sent * len);
	KUNIT_EXPECT_EQ(test, st.rndis_ok - st0->rndis_ok, sent);
	KUNIT_EXPECT_EQ(test, st.rndis_bad, 0);
	KUNIT_EXPECT_EQ(test, st.bad_pkts, 0);
	/* A port takes the frames itself (the caller counts what it caught). */
	if (e->port)
		return;
	got = kunit_kzalloc(test, cmp, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, got);
	/* The host keeps the first section's worth of the last frame. */
	KUNIT_EXPECT_GE(test, hvnet_chan_last_frame(e->dev, got, cmp, &meta),
			cmp);
	KUNIT_EXPECT_EQ(test, meta.data_len, len);
	KUNIT_EXPECT_EQ(test, memcmp(got, frame, cmp), 0);
	KUNIT_EXPECT_EQ(test, !!(meta.flags & HVNET_PKT_LSO), !!mss);
	KUNIT_EXPECT_EQ(test, meta.lso_mss, mss);
}

/* One round: @count frames (@msg, @msg_len bytes) through send sections. */
static void nb_tx_sections_round(struct nb_env *e, const u8 *msg,
				 u32 msg_len, u64 count, u64 *sent)
{
	u64 end = *sent + count;
	u32 sec, stall = 0;
	int ret;

	while (*sent < end) {
		if (!e->nr_free) {
			nb_wait(e);
			nb_stalled(e, &stall);
			continue;
		}
		/* netvsc_copy_to_send_buf(), then the NVSP message. */
		sec = e->free[e->nr_free - 1];
		KUNIT_ASSERT_EQ(e->test, tpart_write(e->tp, e->send_gpa + sec *
						     HVNET_NVSP_SEND_SECTION,
						     msg, msg_len), 0);
		ret = nb_send_section(e, sec, msg_len);
		if (ret == -EAGAIN) {
			nb_wait(e);
			nb_stalled(e, &stall);
			continue;
		}
		KUNIT_ASSERT_EQ(e->test, ret, 0);
		e->nr_free--;
		(*sent)++;
		stall = 0;
	}
	nb_tx_wait_all(e, *sent);
}

/* The port received all @sent guest frames (NAPI ran in nb_host()). */
static void nb_port_wait_caught(struct nb_env *e, u64 sent)
{
	u32 stall = 0;

	while (atomic64_read(&e->port->caught) < sent) {
		nb_host(e);
		nb_stalled(e, &stall);
	}
}

/*
 * Guest to host through send sections: @count frames of @len bytes per
 * round, to the channel alone or (@port) on through the hvnet port.
 */
static void nb_tx_sections(struct kunit *test, const char *name, u32 len,
			   u64 count, bool port)
{
	struct nb_env *e = port ? nb_up_port(test) : nb_up(test);
	struct nb_result best = { .dir = "g2h", .name = name };
	u8 *msg = kunit_kzalloc(test, HVNET_NVSP_SEND_SECTION, GFP_KERNEL);
	struct hvnet_chan_stats st0;
	struct nb_round rd;
	u32 hdr_len, i;
	u64 sent = 0;

	KUNIT_ASSERT_NOT_NULL(test, msg);
	hdr_len = nb_rndis_hdr(msg, len, 0);
	KUNIT_ASSERT_LE(test, hdr_len + len, HVNET_NVSP_SEND_SECTION);
	nb_fill_frame(msg + hdr_len, len);
	hvnet_chan_stats(e->dev, &st0);
	for (i = 0; i < NB_ROUNDS; i++) {
		nb_round_start(e, &rd);
		nb_tx_sections_round(e, msg, hdr_len + len, count, &sent);
		if (port)
			nb_port_wait_caught(e, sent);
		nb_round_end(e, &rd, &best, count, len);
	}
	nb_print(test, &best);
	nb_tx_check(e, &st0, sent, msg + hdr_len, len, 0);
	if (!port)
		return;
	KUNIT_EXPECT_EQ(test, atomic64_read(&e->port->caught), sent);
	KUNIT_EXPECT_EQ(test, atomic64_read(&e->port->caught_bytes),
			sent * len);
	KUNIT_EXPECT_EQ(test, atomic64_read(&e->port->p->st.rx_queue_full), 0);
}

/**
 * struct nb_lso_buf - one LSO frame in guest memory, written once
 * @gpa: first page: the RNDIS header at offset 0; the frame starts at
 *	NB_LSO_DATA_OFF.
 * @nr: ranges in @r.
 * @r: the header's range, then one per page piece of the frame.
 */
struct nb_lso_buf {
	u64 gpa;
	u32 nr;
	struct nb_range r[NB_RANGES_MAX];
};

static void nb_lso_ranges(struct nb_lso_buf *b, u32 hdr_len, u32 len)
{
	u64 gpa = b->gpa + NB_LSO_DATA_OFF;
	u32 off, chunk;

	b->r[0] = (struct nb_range){ hdr_len, 0, b->gpa >> HV_PAGE_SHIFT };
	b->nr = 1;
	while (len) {
		off = gpa & (HV_PAGE_SIZE - 1);
		chunk = min_t(u32, len, HV_PAGE_SIZE - off);
		b->r[b->nr++] = (struct nb_range){ chunk, off,
						   gpa >> HV_PAGE_SHIFT };
		gpa += chunk;
		len -= chunk;
	}
}

/* vmbus_sendpacket_pagebuffer() of buffer @i: SEND_RNDIS_PKT by ranges. */
static int nb_send_lso(struct nb_env *e, const struct nb_lso_buf *b, u32 i)
{
	u32 rlen = b->nr * sizeof(b->r[0]);
	struct vmbus_gpa_direct_pkt h = {
		.desc.type = VM_PKT_DATA_USING_GPA_DIRECT,
		.desc.flags = VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
		.desc.offset8 = (sizeof(h) + rlen) >> 3,
		.desc.len8 = (sizeof(h) + rlen + NVSP_MSG_SIZE) >> 3,
		.desc.trans_id = NB_TID_DATA | i,
		.range_cnt = b->nr,
	};
	struct nvsp_msg m = { .msg_type = NVSP_MSG1_SEND_RNDIS_PKT };
	struct kvec iov[] = {
		{ .iov_base = &h, .iov_len = sizeof(h) },
		{ .iov_base = (void *)b->r, .iov_len = rlen },
		{ .iov_base = &m, .iov_len = sizeof(m) },
	};
	bool signal = false;
	int ret;

	m.body.rndis_pkt.channel_type = NVSP_RNDIS_CHANNEL_DATA;
	m.body.rndis_pkt.send_buf_section_index = NVSP_INVALID_SECTION_INDEX;
	ret = tguest_ring_write(&e->ch->out, iov, ARRAY_SIZE(iov), &signal);
	if (!ret && signal)
		tguest_signal(e->ch);
	return ret;
}

/* One round: @count LSO frames from the buffers @b. */
static void nb_tx_lso_round(struct nb_env *e, const struct nb_lso_buf *b,
			    u64 count, u64 *sent)
{
	u64 end = *sent + count;
	u32 i, stall = 0;
	int ret;

	while (*sent < end) {
		if (!e->nr_free) {
			nb_wait(e);
			nb_stalled(e, &stall);
			continue;
		}
		i = e->free[e->nr_free - 1];
		ret = nb_send_lso(e, &b[i], i);
		if (ret == -EAGAIN) {
			nb_wait(e);
			nb_stalled(e, &stall);
			continue;
		}
		KUNIT_ASSERT_EQ(e->test, ret, 0);
		e->nr_free--;
		(*sent)++;
		stall = 0;
	}
	nb_tx_wait_all(e, *sent);
}

/* Guest to host: @count 64 KiB LSO frames by GPA ranges. */
static void nb_tx_lso(struct kunit *test, const char *name, u64 count)
{
	struct nb_env *e = nb_up(test);
	struct nb_result best = { .dir = "g2h", .name = name };
	u8 *msg = kunit_kzalloc(test, NB_LSO_DATA_OFF + NB_LSO_LEN, GFP_KERNEL);
	struct nb_lso_buf *b = kunit_kcalloc(test, NB_LSO_BUFS, sizeof(*b),
					     GFP_KERNEL);
	struct hvnet_chan_stats st0;
	struct nb_round rd;
	u32 hdr_len, i;
	u64 sent = 0;

	KUNIT_ASSERT_NOT_NULL(test, msg);
	KUNIT_ASSERT_NOT_NULL(test, b);
	hdr_len = nb_rndis_hdr(msg, NB_LSO_LEN, NB_LSO_MSS);
	nb_fill_frame(msg + NB_LSO_DATA_OFF, NB_LSO_LEN);
	e->nr_free = 0;
	for (i = 0; i < NB_LSO_BUFS; i++) {
		b[i].gpa = tguest_alloc_pages(e->g, NB_LSO_PAGES);
		KUNIT_ASSERT_NE(test, b[i].gpa, 0);
		KUNIT_ASSERT_EQ(test, tpart_write(e->tp, b[i].gpa, msg,
						  NB_LSO_DATA_OFF + NB_LSO_LEN),
				0);
		nb_lso_ranges(&b[i], hdr_len, NB_LSO_LEN);
		e->free[e->nr_free++] = NB_LSO_BUFS - 1 - i;
	}
	hvnet_chan_stats(e->dev, &st0);
	for (i = 0; i < NB_ROUNDS; i++) {
		nb_round_start(e, &rd);
		nb_tx_lso_round(e, b, count, &sent);
		nb_round_end(e, &rd, &best, count, NB_LSO_LEN);
	}
	nb_print(test, &best);
	nb_tx_check(e, &st0, sent, msg + NB_LSO_DATA_OFF, NB_LSO_LEN,
		    NB_LSO_MSS);
}

/* One round: @count frames through receive slots, all given back. */
static void nb_rx_round(struct nb_env *e, const u8 *frame, u32 len,
			u64 count, u64 *sent)
{
	struct hvnet_rx_meta rx = {};
	u64 end = *sent + count, t0;
	u32 stall = 0;
	int ret = 0;

	while (*sent < end) {
		t0 = ktime_get_ns();
		while (*sent < end &&
		       !(ret = hvnet_chan_rx_frame(e->dev, frame, len, &rx)))
			(*sent)++;
		e->host_ns += ktime_get_ns() - t0;
		if (ret) {
			/* Every slot or the guest's whole ring is in use. */
			KUNIT_ASSERT_TRUE(e->test,
					  ret == -ENOSPC || ret == -EAGAIN);
			nb_stalled(e, &stall);
		} else {
			stall = 0;
		}
		/* The guest's interrupt: frames copied out, slots given back. */
		nb_wait(e);
	}
	while (e->rx_frames < *sent) {
		nb_wait(e);
		nb_stalled(e, &stall);
	}
	/* The last slots' completions. */
	nb_host(e);
}

/* A host frame for the port, as the stack hands it to the driver. */
static struct sk_buff *nb_port_skb(struct nb_env *e, const u8 *frame, u32 len)
{
	struct sk_buff *skb = alloc_skb(len + NET_IP_ALIGN, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(e->test, skb);
	skb_reserve(skb, NET_IP_ALIGN);
	skb_put_data(skb, frame, len);
	skb->dev = e->port->dev;
	skb_reset_mac_header(skb);
	skb->protocol = eth_hdr(skb)->h_proto;
	skb_set_network_header(skb, ETH_HLEN);
	return skb;
}

/* Host frames per dev_queue_xmit() burst: below PORT_TXQ_STOP. */
#define NB_PORT_BURST	(PORT_TXQ_STOP / 2)

/*
 * One round through the port: bursts of dev_queue_xmit() (skb allocation
 * included), then the guest takes the frames and gives the slots back.
 */
static void nb_rx_port_round(struct nb_env *e, const u8 *frame, u32 len,
			     u64 count, u64 *sent)
{
	u64 end = *sent + count, t0;
	u32 stall = 0, i, n;

	while (*sent < end) {
		n = min_t(u64, end - *sent, NB_PORT_BURST);
		t0 = ktime_get_ns();
		for (i = 0; i < n; i++)
			KUNIT_ASSERT_EQ(e->test,
					dev_queue_xmit(nb_port_skb(e, frame, len)),
					NET_XMIT_SUCCESS);
		e->host_ns += ktime_get_ns() - t0;
		*sent += n;
		nb_wait(e);
	}
	while (e->rx_frames < *sent) {
		nb_wait(e);
		nb_stalled(e, &stall);
	}
	nb_host(e);
}

/*
 * Host to guest: @count frames of @len bytes per round through receive
 * slots, by hvnet_chan_rx_frame() or (@port) through the hvnet port.
 */
static void nb_rx(struct kunit *test, const char *name, u32 len, u64 count,
		  bool port)
{
	struct nb_env *e = port ? nb_up_port(test) : nb_up(test);
	struct nb_result best = { .dir = "h2g", .name = name };
	u8 *frame = kunit_kzalloc(test, len, GFP_KERNEL);
	struct hvnet_chan_stats st0, st;
	struct rtnl_link_stats64 ds;
	struct nb_round rd;
	u64 sent = 0;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, frame);
	nb_fill_frame(frame, len);
	e->rx_frames = 0;
	e->rx_bytes = 0;
	hvnet_chan_stats(e->dev, &st0);
	for (i = 0; i < NB_ROUNDS; i++) {
		nb_round_start(e, &rd);
		if (port)
			nb_rx_port_round(e, frame, len, count, &sent);
		else
			nb_rx_round(e, frame, len, count, &sent);
		nb_round_end(e, &rd, &best, count, len);
	}
	nb_print(test, &best);

	hvnet_chan_stats(e->dev, &st);
	KUNIT_EXPECT_EQ(test, e->rx_frames, sent);
	KUNIT_EXPECT_EQ(test, e->rx_bytes, sent * len);
	KUNIT_EXPECT_EQ(test, st.rx_frames - st0.rx_frames, sent);
	KUNIT_EXPECT_EQ(test, st.rx_bytes - st0.rx_bytes, sent * len);
	KUNIT_EXPECT_EQ(test, st.slot_completions - st0.slot_completions,
			sent);
	KUNIT_EXPECT_EQ(test, st.rx_refused, 0);
	KUNIT_EXPECT_EQ(test, st.bad_pkts, 0);
	/* The last slot read: the last frame, after its data_offset. */
	KUNIT_EXPECT_EQ(test, memcmp(e->slot + RNDIS_HDR_SIZE +
				     get_unaligned_le32(e->slot + RNDIS_HDR_SIZE),
				     frame, len), 0);
	if (!port)
		return;
	dev_get_stats(e->port->dev, &ds);
	KUNIT_EXPECT_EQ(test, ds.tx_packets, sent);
	KUNIT_EXPECT_EQ(test, ds.tx_dropped, 0);
}

/* Frame sizes: the smallest, a full 1500-byte MTU, a 64 KiB LSO. */
#define NB_SMALL	64
#define NB_MTU		(ETH_DATA_LEN + ETH_HLEN)
/* Frames per round. */
#define NB_COUNT	50000
#define NB_LSO_COUNT	2500

static void nb_g2h_64(struct kunit *test)
{
	nb_tx_sections(test, "64", NB_SMALL, NB_COUNT, false);
}

static void nb_g2h_1500(struct kunit *test)
{
	nb_tx_sections(test, "1500", NB_MTU, NB_COUNT, false);
}

static void nb_g2h_lso(struct kunit *test)
{
	nb_tx_lso(test, "64K-LSO", NB_LSO_COUNT);
}

static void nb_h2g_64(struct kunit *test)
{
	nb_rx(test, "64", NB_SMALL, NB_COUNT, false);
}

static void nb_h2g_1500(struct kunit *test)
{
	nb_rx(test, "1500", NB_MTU, NB_COUNT, false);
}

/* The same through the hvnet netdev: NAPI receive, ndo_start_xmit. */
static void nb_g2h_64_port(struct kunit *test)
{
	nb_tx_sections(test, "64-port", NB_SMALL, NB_COUNT, true);
}

static void nb_g2h_1500_port(struct kunit *test)
{
	nb_tx_sections(test, "1500-port", NB_MTU, NB_COUNT, true);
}

static void nb_h2g_64_port(struct kunit *test)
{
	nb_rx(test, "64-port", NB_SMALL, NB_COUNT, true);
}

static void nb_h2g_1500_port(struct kunit *test)
{
	nb_rx(test, "1500-port", NB_MTU, NB_COUNT, true);
}

static struct kunit_case nb_cases[] = {
	KUNIT_CASE_SLOW(nb_g2h_64),
	KUNIT_CASE_SLOW(nb_g2h_1500),
	KUNIT_CASE_SLOW(nb_g2h_lso),
	KUNIT_CASE_SLOW(nb_h2g_64),
	KUNIT_CASE_SLOW(nb_h2g_1500),
	KUNIT_CASE_SLOW(nb_g2h_64_port),
	KUNIT_CASE_SLOW(nb_g2h_1500_port),
	KUNIT_CASE_SLOW(nb_h2g_64_port),
	KUNIT_CASE_SLOW(nb_h2g_1500_port),
	{}
};

static struct kunit_suite nb_suite = {
	.name = "hvhost_net_bench",
	.test_cases = nb_cases,
};

kunit_test_suite(nb_suite);
