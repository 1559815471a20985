/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host side of a guest NIC as a Linux netdev of kind "hvnet": a port
 * that the host's own tools manage (ip link, bridge, OVS, tc).
 *
 * Frames the guest sends are received on the port (NAPI, GRO); frames
 * sent on the port go to the guest's receive buffer.
 */
#ifndef _HVHOST_NETVSP_PORT_H
#define _HVHOST_NETVSP_PORT_H

#include <linux/types.h>
#include <linux/uuid.h>

struct hvhost_device;
struct hvhost_vmbus;
struct net_device;
struct hvnet_pkt_meta;
struct sk_buff;

int hvnet_port_add(struct hvhost_vmbus *vb, struct hvhost_device *d);
int hvnet_port_remove(struct hvhost_vmbus *vb, const guid_t *instance);
void hvnet_port_remove_all(struct hvhost_vmbus *vb);
int hvnet_port_init(void);
void hvnet_port_exit(void);

struct sk_buff *hvnet_port_build_skb(struct net_device *dev, const u8 *frame,
				     const struct hvnet_pkt_meta *meta,
				     int *err);

#endif /* _HVHOST_NETVSP_PORT_H */
