/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * RNDIS control messages, host side: INITIALIZE, QUERY, SET, RESET,
 * KEEPALIVE, HALT, and the link status indications the host sends.
 *
 * hvnet_rndis_control() takes one RNDIS message that the caller copied out
 * of guest memory and writes the complete reply message into a host buffer.
 * OIDs go through an allow-list with exact size checks; no value from the
 * guest is ever used as a pointer or as an offset outside its message.
 */
#ifndef _HVHOST_NETVSP_RNDIS_H
#define _HVHOST_NETVSP_RNDIS_H

#include <linux/if_ether.h>
#include <linux/types.h>

#include "rndis_proto.h"

/* Largest control reply the host writes; callers size their buffer so. */
#define HVNET_RNDIS_REPLY_MAX		256
/* Multicast addresses a guest may install. */
#define HVNET_RNDIS_MCAST_MAX		32
/* What the host tells the guest in INITIALIZE_COMPLETE. */
#define HVNET_RNDIS_MAX_PKT_PER_MSG	8
#define HVNET_RNDIS_PKT_ALIGN_SHIFT	3
#define HVNET_RNDIS_MAX_XFER		0x4000
/* The indication hvnet_rndis_link() writes. */
#define HVNET_RNDIS_INDICATE_LEN \
	(RNDIS_HDR_SIZE + sizeof(struct rndis_indicate_status))

/* Offloads the host implements (struct hvnet_rndis_config.offloads). */
#define HVNET_OFFLOAD_TX_CSUM4		BIT(0)
#define HVNET_OFFLOAD_TX_CSUM6		BIT(1)
#define HVNET_OFFLOAD_TX_UDP		BIT(2)
#define HVNET_OFFLOAD_LSO4		BIT(3)
#define HVNET_OFFLOAD_LSO6		BIT(4)
#define HVNET_OFFLOAD_ALL		GENMASK(4, 0)
/* Receive segment coalescing toward the guest (frames over one slot). */
#define HVNET_OFFLOAD_RSC		BIT(5)

/* Largest LSO packet the host offers (NDIS lsov2 maxsz). */
#define HVNET_LSO_MAX_SIZE		62780

/**
 * struct hvnet_rndis_config - host policy for one NIC
 * @perm_addr: the NIC's permanent MAC address (valid unicast).
 * @mtu: largest frame payload (OID_GEN_MAXIMUM_FRAME_SIZE), 68..65521.
 * @link_speed: in units of 100 bit/s (OID_GEN_LINK_SPEED).
 * @offloads: HVNET_OFFLOAD_* the host implements.
 * @num_queues: receive queues for RSS, 1..64.
 * @allow_mac_change: the admin lets the guest change its MAC address.
 */
struct hvnet_rndis_config {
	u8 perm_addr[ETH_ALEN];
	u32 mtu;
	u32 link_speed;
	u32 offloads;
	u32 num_queues;
	bool allow_mac_change;
};

enum hvnet_rndis_state {
	HVNET_RNDIS_UNINITIALIZED,
	HVNET_RNDIS_INITIALIZED,
	HVNET_RNDIS_HALTED,
};

/**
 * struct hvnet_rndis_offload - offloads the guest has switched on
 * @tx_csum4: TCP/IPv4 transmit checksum (and UDP if @tx_udp4).
 * @tx_csum6: TCP/IPv6 transmit checksum (and UDP if @tx_udp6).
 * @tx_udp4: UDP/IPv4 transmit checksum.
 * @tx_udp6: UDP/IPv6 transmit checksum.
 * @rx_csum4: report receive checksum state for IPv4.
 * @rx_csum6: report receive checksum state for IPv6.
 * @lso4: large send for IPv4.
 * @lso6: large send for IPv6.
 * @rsc4: the guest takes coalesced IPv4 TCP frames (RSC).
 * @rsc6: the guest takes coalesced IPv6 TCP frames (RSC).
 */
struct hvnet_rndis_offload {
	bool tx_csum4;
	bool tx_csum6;
	bool tx_udp4;
	bool tx_udp6;
	bool rx_csum4;
	bool rx_csum6;
	bool lso4;
	bool lso6;
	bool rsc4;
	bool rsc6;
};

/**
 * struct hvnet_rndis_rss - receive side scaling as the guest set it
 * @enabled: the guest configured RSS and did not disable it.
 * @hashinfo: NDIS_HASH_* function and types.
 * @key_size: bytes in @key, 1..40.
 * @key: the Toeplitz key.
 * @n_itab: entries in @itab, 1..128.
 * @itab: indirection table; every entry below the queue count.
 */
struct hvnet_rndis_rss {
	bool enabled;
	u32 hashinfo;
	u16 key_size;
	u8 key[NDIS_RSS_HASH_KEY_SIZE_MAX];
	u16 n_itab;
	u32 itab[NDIS_RSS_INDIRECTION_ENTRIES_MAX];
};

/**
 * struct hvnet_rndis_counters - frame counters the statistics OIDs report
 * @xmit_ok: frames the guest sent that the host forwarded.
 * @rcv_ok: frames the host delivered to the guest.
 * @xmit_error: guest frames dropped as malformed.
 * @rcv_error: frames the host failed to deliver.
 * @rcv_no_buffer: frames dropped for lack of receive buffer space.
 */
struct hvnet_rndis_counters {
	u64 xmit_ok;
	u64 rcv_ok;
	u64 xmit_error;
	u64 rcv_error;
	u64 rcv_no_buffer;
};

/**
 * struct hvnet_rndis_stats - protocol errors a guest can drive
 * @bad_msgs: control messages refused as malformed or out of order.
 * @unknown_oids: QUERY or SET of an OID outside the allow-list.
 * @refused_sets: SETs refused for size, value or policy.
 */
struct hvnet_rndis_stats {
	u64 bad_msgs;
	u64 unknown_oids;
	u64 refused_sets;
};

/**
 * struct hvnet_rndis - RNDIS state of one NIC
 * @cfg: host policy, fixed at hvnet_rndis_init().
 * @state: INITIALIZE/HALT order.
 * @guest_max_xfer: largest message the guest accepts (from INITIALIZE).
 * @cur_addr: the current MAC address.
 * @link_up: what the guest was last told about the link.
 * @filter: NDIS_PACKET_TYPE_* receive filter, only supported bits.
 * @n_mcast: addresses in @mcast.
 * @mcast: the multicast list, all multicast addresses.
 * @offload: offloads the guest switched on.
 * @rss: RSS parameters.
 * @counters: frame counters, updated by the data path.
 * @stats: protocol error counters.
 *
 * Locking: the channel glue serialises all calls for one NIC.
 */
struct hvnet_rndis {
	struct hvnet_rndis_config cfg;
	enum hvnet_rndis_state state;
	u32 guest_max_xfer;
	u8 cur_addr[ETH_ALEN];
	bool link_up;
	u32 filter;
	u32 n_mcast;
	u8 mcast[HVNET_RNDIS_MCAST_MAX][ETH_ALEN];
	struct hvnet_rndis_offload offload;
	struct hvnet_rndis_rss rss;
	struct hvnet_rndis_counters counters;
	struct hvnet_rndis_stats stats;
};

/* Receive filter bits the host implements. */
#define HVNET_RNDIS_FILTER_SUPPORTED					\
	(RNDIS_PACKET_TYPE_DIRECTED | RNDIS_PACKET_TYPE_MULTICAST |	\
	 RNDIS_PACKET_TYPE_ALL_MULTICAST | RNDIS_PACKET_TYPE_BROADCAST |	\
	 RNDIS_PACKET_TYPE_PROMISCUOUS)

int hvnet_rndis_init(struct hvnet_rndis *r,
		     const struct hvnet_rndis_config *cfg);
int hvnet_rndis_control(struct hvnet_rndis *r, const void *msg, u32 len,
			void *reply, u32 *reply_len);
u32 hvnet_rndis_link(struct hvnet_rndis *r, bool up, void *buf);

#endif /* _HVHOST_NETVSP_RNDIS_H */
