/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The echo device: a minimal VSP that sends the guest's packets back.
 */
#ifndef _HVHOST_ECHO_H
#define _HVHOST_ECHO_H

#include <linux/types.h>
#include <linux/uuid.h>

struct hvhost_channel;
struct hvhost_vmbus;

/**
 * struct hvhost_echo_stats - what an echo device did since its last open
 * @opens: 1 once the guest opened the channel.
 * @passes: work item runs.
 * @echoed: packets sent back.
 * @dropped: packets not echoed (not in-band, too large, framing errors).
 * @ring_full: passes stopped because the guest's inbound ring was full.
 * @signals: interrupts raised toward the guest.
 */
struct hvhost_echo_stats {
	u64 opens;
	u64 passes;
	u64 echoed;
	u64 dropped;
	u64 ring_full;
	u64 signals;
};

extern const guid_t hvhost_echo_class;

struct hvhost_channel *hvhost_echo_create(struct hvhost_vmbus *vb,
					  const guid_t *instance);
void hvhost_echo_flush(struct hvhost_channel *ch);
void hvhost_echo_stats(struct hvhost_channel *ch,
		       struct hvhost_echo_stats *stats);

#endif /* _HVHOST_ECHO_H */
