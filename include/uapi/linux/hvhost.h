/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * /dev/hvhost: the VMBus host for KVM guests with Hyper-V enlightenments.
 *
 * One open file is one partition (one guest).  The VMM describes the
 * guest's memory and SynIC to hvhost, relays the guest's HvPostMessage
 * hypercalls, and wires eventfds so that interrupts to the guest and kicks
 * from the guest bypass the VMM:
 *
 *   hvhost -> guest: hvhost writes the SynIC message or event flag into the
 *	guest page and signals the (vp, sint) irqfd, which the VMM bound with
 *	KVM_IRQFD to a KVM_IRQ_ROUTING_HV_SINT route.
 *   guest EOM -> hvhost: the resample eventfd of that KVM_IRQFD.
 *   guest HvSignalEvent -> hvhost: an eventfd the VMM registered for the
 *	connection id with both KVM_HYPERV_EVENTFD and HVHOST_SET_SIGNAL_FD.
 *
 * Conventions: addresses are __u64; reserved fields, padding and unknown
 * flag bits must be zero or the call fails with -EINVAL; an fd of -1
 * unbinds.  Errors in the ioctl itself are negative errno values.  Where
 * the ioctl relays a hypercall (HVHOST_POST_MESSAGE, HVHOST_SIGNAL_EVENT)
 * a non-negative return value is the Hyper-V status (HV_STATUS_*) to put
 * in the hypercall result: a guest's bad input is answered, not an error.
 *
 * Preconditions are listed per ioctl.  Calls out of order fail with
 * -ENOENT (the state they need is not set up yet) or -EBUSY (already set).
 * See Documentation/uapi.rst and Documentation/vmm-contract.rst.
 */
#ifndef _UAPI_LINUX_HVHOST_H
#define _UAPI_LINUX_HVHOST_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define HVHOST_IOC_MAGIC		0xB9

/* Feature bits reported by HVHOST_GET_INFO. */
#define HVHOST_F_SIGNAL_EVENT_RELAY	(1ULL << 0)	/* HVHOST_SIGNAL_EVENT */
#define HVHOST_F_SIGNAL_FD		(1ULL << 1)	/* HVHOST_SET_SIGNAL_FD */

/* Hyper-V SynIC geometry. */
#define HVHOST_SINT_COUNT		16
#define HVHOST_MESSAGE_PAYLOAD_BYTES	240

/* Largest valid connection id (KVM_HYPERV_CONN_ID_MASK). */
#define HVHOST_CONN_ID_MAX		0x00ffffffU

/**
 * struct hvhost_info - HVHOST_GET_INFO
 * @features: HVHOST_F_* bits this module supports.
 * @max_vps: largest nr_vps HVHOST_SET_PARTITION accepts.
 * @max_mem_regions: largest nregions HVHOST_SET_MEM_TABLE accepts.
 * @max_signal_fds: most connection ids with a bound signal eventfd.
 * @conn_id_first: lowest connection id hvhost's channel offers use.
 * @conn_id_last: highest one.  A channel with relid r gets connection id
 *	@conn_id_first - 1 + r; a VMM may bind eventfds for the whole range
 *	up front instead of lazily (see HVHOST_SIGNAL_EVENT).
 * @reserved: zero.
 */
struct hvhost_info {
	__u64 features;
	__u32 max_vps;
	__u32 max_mem_regions;
	__u32 max_signal_fds;
	__u32 conn_id_first;
	__u32 conn_id_last;
	__u32 reserved[7];
};

/**
 * struct hvhost_partition_config - HVHOST_SET_PARTITION
 * @nr_vps: number of vCPUs, 1..hvhost_info.max_vps.  VP indexes are
 *	0..nr_vps-1 and equal the guest's HV_X64_MSR_VP_INDEX values.
 * @flags: zero.
 * @reserved: zero.
 */
struct hvhost_partition_config {
	__u32 nr_vps;
	__u32 flags;
	__u64 reserved[3];
};

/**
 * struct hvhost_mem_region - one slot of guest RAM
 * @guest_phys_addr: first guest physical address, page aligned.
 * @memory_size: bytes, page aligned and non-zero.
 * @userspace_addr: where the VMM mapped it, page aligned.
 * @flags: zero.
 * @reserved: zero.
 *
 * Regions must not overlap in guest physical space and must not wrap.
 */
struct hvhost_mem_region {
	__u64 guest_phys_addr;
	__u64 memory_size;
	__u64 userspace_addr;
	__u32 flags;
	__u32 reserved;
};

/**
 * struct hvhost_mem_table - HVHOST_SET_MEM_TABLE
 * @nregions: entries in @regions, 0..hvhost_info.max_mem_regions.
 * @padding: zero.
 * @regions: the table.
 */
struct hvhost_mem_table {
	__u32 nregions;
	__u32 padding;
	struct hvhost_mem_region regions[];
};

/* hvhost_synic.scontrol, .simp and .siefp are raw MSR values. */
#define HVHOST_SYNIC_SCONTROL_ENABLE	(1ULL << 0)
#define HVHOST_SYNIC_PAGE_ENABLE	(1ULL << 0)	/* SIMP, SIEFP */
#define HVHOST_SYNIC_PAGE_MASK		(~0xfffULL)	/* their GPA bits */

/**
 * struct hvhost_synic - HVHOST_SET_SYNIC: one vCPU's SynIC as the guest set it
 * @vp: VP index, below nr_vps.
 * @flags: zero.
 * @scontrol: HV_X64_MSR_SCONTROL.
 * @simp: HV_X64_MSR_SIMP (message page GPA | enable).
 * @siefp: HV_X64_MSR_SIEFP (event flags page GPA | enable).
 * @masked_sints: bit n set when SINTn is masked (HV_X64_MSR_SINTn bit 16).
 *	hvhost does not raise the irqfd of a masked SINT; when the bit goes
 *	from 1 to 0 it raises the SINT if its message slot is occupied.
 * @reserved: zero.
 *
 * Send it for every KVM_EXIT_HYPERV_SYNIC (the exit's control, msg_page
 * and evt_page are @scontrol, @simp and @siefp).  An enabled page must lie
 * in guest memory (-EFAULT otherwise); hvhost pins it until it changes.
 */
struct hvhost_synic {
	__u32 vp;
	__u32 flags;
	__u64 scontrol;
	__u64 simp;
	__u64 siefp;
	__u16 masked_sints;
	__u16 reserved[3];
	__u64 reserved2[2];
};

/**
 * struct hvhost_sint_fds - HVHOST_SET_SINT_FDS
 * @vp: VP index, below nr_vps.
 * @sint: SINT, below HVHOST_SINT_COUNT.
 * @irqfd: eventfd hvhost signals to raise the SINT, or -1 to unbind.
 * @resamplefd: eventfd the VMM passed as KVM_IRQFD resamplefd: KVM
 *	signals it when the guest acknowledges the SINT (EOI or EOM), and
 *	hvhost then retries a message that found the slot busy; -1 unbinds.
 * @reserved: zero.
 */
struct hvhost_sint_fds {
	__u32 vp;
	__u32 sint;
	__s32 irqfd;
	__s32 resamplefd;
	__u64 reserved[2];
};

/**
 * struct hvhost_signal_fd - HVHOST_SET_SIGNAL_FD
 * @conn_id: connection id, 1..HVHOST_CONN_ID_MAX.
 * @fd: eventfd, also registered with KVM_HYPERV_EVENTFD for @conn_id;
 *	-1 unbinds.
 * @reserved: zero.
 */
struct hvhost_signal_fd {
	__u32 conn_id;
	__s32 fd;
	__u64 reserved;
};

/**
 * struct hvhost_post_message - HVHOST_POST_MESSAGE: a guest HvPostMessage
 * @connection_id: from the hypercall input.
 * @message_type: from the hypercall input.
 * @payload_size: from the hypercall input (guest controlled: a size above
 *	HVHOST_MESSAGE_PAYLOAD_BYTES is answered with a Hyper-V status).
 * @reserved: zero.
 * @payload: the first min(payload_size, 240) bytes are used.
 */
struct hvhost_post_message {
	__u32 connection_id;
	__u32 message_type;
	__u32 payload_size;
	__u32 reserved;
	__u8 payload[HVHOST_MESSAGE_PAYLOAD_BYTES];
};

/**
 * struct hvhost_signal_event - HVHOST_SIGNAL_EVENT: a guest HvSignalEvent
 *	that KVM passed to userspace (no KVM_HYPERV_EVENTFD for it)
 * @conn_id: the connection id (input bits 0..23).
 * @flag_number: input bits 32..47; hvhost accepts only 0.
 * @reserved: zero.
 */
struct hvhost_signal_event {
	__u32 conn_id;
	__u32 flag_number;
	__u64 reserved;
};

/* Device types for HVHOST_ADD_DEVICE. */
#define HVHOST_DEVICE_ECHO	1	/* hvhost's echo test device */
#define HVHOST_DEVICE_NET	2	/* synthetic NIC (module hvhost_net) */

/**
 * struct hvhost_device_net - a synthetic NIC's settings (HVHOST_DEVICE_NET)
 * @mac: in: the NIC's permanent MAC address, a valid unicast address.
 * @mtu: in: the host port's initial MTU, 68..9000; 0 means 1500.
 * @ifname: in: the host port's name, NUL-terminated, or "" for
 *	"hvnet%d"; out: the name it got.
 * @ifindex: out: the host port's interface index; zero on input.
 * @reserved: zero.
 */
struct hvhost_device_net {
	__u8 mac[6];
	__u16 mtu;
	char ifname[16];
	__u32 ifindex;
	__u8 reserved[12];
};

/**
 * struct hvhost_device - HVHOST_ADD_DEVICE and HVHOST_REMOVE_DEVICE
 * @type: HVHOST_DEVICE_*; ignored (but must be valid) for REMOVE.
 * @flags: zero.
 * @instance: the device's instance GUID in wire byte order, as the guest
 *	sees it in its offer and in /sys/bus/vmbus/devices; not all zero and
 *	unique among the partition's devices.
 * @net: HVHOST_DEVICE_NET settings; ADD_DEVICE writes the outputs back.
 * @reserved: zero for the other types, and for REMOVE_DEVICE.
 */
struct hvhost_device {
	__u32 type;
	__u32 flags;
	__u8 instance[16];
	union {
		struct hvhost_device_net net;
		__u8 reserved[40];
	};
};

/*
 * 0x00-0x0f: partition.
 */

/* Any time.  Fills struct hvhost_info. */
#define HVHOST_GET_INFO		_IOR(HVHOST_IOC_MAGIC, 0x00, struct hvhost_info)
/*
 * First call on a new fd; exactly once (-EBUSY after).  Every other ioctl
 * but HVHOST_GET_INFO fails with -ENOENT before it.
 */
#define HVHOST_SET_PARTITION	_IOW(HVHOST_IOC_MAGIC, 0x01, \
				     struct hvhost_partition_config)
/*
 * After SET_PARTITION, with no vCPU running.  The guest rebooted: forget
 * the VMBus connection, every channel's open state and GPADL, the SynIC
 * pages and their pins.  Memory table, eventfd bindings and devices stay:
 * the next boot is offered the same channels (relids, connection ids).
 */
#define HVHOST_RESET		_IO(HVHOST_IOC_MAGIC, 0x02)

/*
 * 0x10-0x1f: guest memory.
 *
 * After SET_PARTITION; any number of times.  The argument is struct
 * hvhost_mem_table followed by nregions struct hvhost_mem_region.  The
 * whole table is validated, then replaces the old one at once.  Shrinking
 * memory under pinned SynIC pages or GPADLs is the VMM's business: pins
 * keep the old pages until released.
 */
#define HVHOST_SET_MEM_TABLE	_IOW(HVHOST_IOC_MAGIC, 0x10, \
				     struct hvhost_mem_table)

/*
 * 0x20-0x2f: SynIC.  After SET_PARTITION; SET_SYNIC with enabled pages also
 * needs a memory table covering them.
 */
#define HVHOST_SET_SYNIC	_IOW(HVHOST_IOC_MAGIC, 0x20, struct hvhost_synic)
#define HVHOST_SET_SINT_FDS	_IOW(HVHOST_IOC_MAGIC, 0x21, \
				     struct hvhost_sint_fds)

/*
 * 0x30-0x3f: hypercall relay and kicks.  After SET_PARTITION.
 *
 * POST_MESSAGE and SIGNAL_EVENT return a Hyper-V status (>= 0).  Messages
 * reach the VMBus host only once the memory table is set and the SynIC of
 * some vCPU is enabled with a message page (-ENOENT before).
 *
 * Connection ids: hvhost hands them out in its channel offers, from the
 * range HVHOST_GET_INFO reports; the VMM does not need them in advance.
 * A guest HvSignalEvent for an id with no
 * KVM_HYPERV_EVENTFD exits to the VMM, which relays it with SIGNAL_EVENT;
 * if that returns HV_STATUS_SUCCESS (0) the VMM may then create an eventfd,
 * register it with KVM_HYPERV_EVENTFD and SET_SIGNAL_FD for that id so
 * later kicks stay in the kernel.
 */
#define HVHOST_SET_SIGNAL_FD	_IOW(HVHOST_IOC_MAGIC, 0x30, \
				     struct hvhost_signal_fd)
#define HVHOST_POST_MESSAGE	_IOW(HVHOST_IOC_MAGIC, 0x31, \
				     struct hvhost_post_message)
#define HVHOST_SIGNAL_EVENT	_IOW(HVHOST_IOC_MAGIC, 0x32, \
				     struct hvhost_signal_event)

/*
 * 0x40-0x4f: devices.  After SET_PARTITION.
 *
 * ADD_DEVICE offers a new device to the guest: at once if the guest already
 * asked for offers (a hot add), else with the others on its REQUESTOFFERS.
 * -EINVAL for a bad type, flags, reserved bytes or an all-zero instance,
 * -EEXIST for an instance already in use (or, for a NIC, a port name taken),
 * -ENOSPC over the channel quota, -EOPNOTSUPP for a type whose module is not
 * available.  A NIC also gets a host network port (kind "hvnet"); `ip link
 * del` of that port rescinds the NIC as REMOVE_DEVICE does.
 * REMOVE_DEVICE rescinds it (a hot remove; the guest closes the device and
 * releases it); -ENOENT for an unknown instance.
 */
#define HVHOST_ADD_DEVICE	_IOWR(HVHOST_IOC_MAGIC, 0x40, struct hvhost_device)
#define HVHOST_REMOVE_DEVICE	_IOW(HVHOST_IOC_MAGIC, 0x41, \
				     struct hvhost_device)

#endif /* _UAPI_LINUX_HVHOST_H */
