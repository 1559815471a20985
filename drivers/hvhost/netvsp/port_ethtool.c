// SPDX-License-Identifier: GPL-2.0-only
/*
 * ethtool for hvnet ports: driver info, link, and `ethtool -S` counters
 * from the port and from the NIC's channel.
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/stddef.h>

#include "vmbus/vmbus.h"
#include "chan.h"
#include "port_priv.h"

struct port_stat_desc {
	char name[ETH_GSTRING_LEN];
	size_t offset;
};

#define PORT_STAT(n)	{ #n, offsetof(struct hvnet_port_stats, n) }
#define CHAN_STAT(n)	{ "vmbus_" #n, offsetof(struct hvnet_chan_stats, n) }

static const struct port_stat_desc port_stats[] = {
	PORT_STAT(rx_queue_full),
	PORT_STAT(rx_bad_offload),
	PORT_STAT(rx_lso),
	PORT_STAT(rx_csum_partial),
	PORT_STAT(tx_not_ready),
	PORT_STAT(tx_queue_stops),
	PORT_STAT(tx_flushed),
	PORT_STAT(tx_kicks_deferred),
};

/* Channel counters, named from the guest's side as the channel does. */
static const struct port_stat_desc chan_stats[] = {
	CHAN_STAT(opens),
	CHAN_STAT(passes),
	CHAN_STAT(signals),
	CHAN_STAT(ring_full),
	CHAN_STAT(nvsp_msgs),
	CHAN_STAT(completions),
	CHAN_STAT(rndis_ok),
	CHAN_STAT(rndis_bad),
	CHAN_STAT(gpa_direct),
	CHAN_STAT(replies),
	CHAN_STAT(replies_dropped),
	CHAN_STAT(tx_frames),
	CHAN_STAT(tx_bytes),
	CHAN_STAT(rx_frames),
	CHAN_STAT(rx_bytes),
	CHAN_STAT(rx_no_slot),
	CHAN_STAT(rx_refused),
	CHAN_STAT(rx_filtered),
	CHAN_STAT(rx_waits),
	CHAN_STAT(rx_rsc_frames),
	CHAN_STAT(rx_rsc_frags),
	CHAN_STAT(slot_completions),
	CHAN_STAT(bad_pkts),
	CHAN_STAT(lock_retries),
};

#define PORT_NSTATS	(ARRAY_SIZE(port_stats) + ARRAY_SIZE(chan_stats))

static void port_get_drvinfo(struct net_device *dev,
			     struct ethtool_drvinfo *info)
{
	struct hvnet_port *p = netdev_priv(dev);

	strscpy(info->driver, "hvhost_net", sizeof(info->driver));
	if (p->ch)
		snprintf(info->bus_info, sizeof(info->bus_info),
			 "vmbus-relid:%u", hvhost_channel_relid(p->ch));
}

static int port_get_sset_count(struct net_device *dev, int sset)
{
	return sset == ETH_SS_STATS ? PORT_NSTATS : -EOPNOTSUPP;
}

static void port_get_strings(struct net_device *dev, u32 sset, u8 *buf)
{
	unsigned int i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(port_stats); i++)
		ethtool_puts(&buf, port_stats[i].name);
	for (i = 0; i < ARRAY_SIZE(chan_stats); i++)
		ethtool_puts(&buf, chan_stats[i].name);
}

static void port_get_stats(struct net_device *dev, struct ethtool_stats *es,
			   u64 *data)
{
	struct hvnet_port *p = netdev_priv(dev);
	struct hvnet_chan_stats cs = {};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(port_stats); i++)
		*data++ = atomic64_read((atomic64_t *)((u8 *)&p->st +
						       port_stats[i].offset));
	if (p->ch)
		hvnet_chan_stats(p->ch, &cs);
	for (i = 0; i < ARRAY_SIZE(chan_stats); i++)
		*data++ = *(u64 *)((u8 *)&cs + chan_stats[i].offset);
}

static int port_get_link_ksettings(struct net_device *dev,
				   struct ethtool_link_ksettings *cmd)
{
	cmd->base.speed = SPEED_10000;
	cmd->base.duplex = DUPLEX_FULL;
	cmd->base.port = PORT_OTHER;
	return 0;
}

const struct ethtool_ops hvnet_port_ethtool_ops = {
	.get_drvinfo = port_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_link_ksettings = port_get_link_ksettings,
	.get_sset_count = port_get_sset_count,
	.get_strings = port_get_strings,
	.get_ethtool_stats = port_get_stats,
};
