// SPDX-License-Identifier: GPL-2.0-only
/*
 * The KVM transport's partition: lifetime, SET_PARTITION, RESET and the
 * hypercall relays.
 */
#include <linux/capability.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>

#include "kvm/debugfs.h"
#include "kvm/devices.h"
#include "kvm/eventfd.h"
#include "kvm/guestmem.h"
#include "kvm/kpart.h"
#include "kvm/synic.h"
#include "vmbus/connection.h"
#include "vmbus/limits.h"
#include "vmbus/vmbus.h"

static const struct hvhost_transport_ops hvhost_kpart_ops = {
	.read = hvhost_guestmem_read,
	.write = hvhost_guestmem_write,
	.check = hvhost_guestmem_check,
	.pin = hvhost_guestmem_pin,
	.unpin = hvhost_guestmem_unpin,
	.post_msg = hvhost_synic_post_msg,
	.signal_event = hvhost_synic_signal_event,
	.access_begin = hvhost_guestmem_access_begin,
	.access_end = hvhost_guestmem_access_end,
};

/**
 * hvhost_kpart_create() - a new, unconfigured partition
 * @mops: guest memory backend.
 * @mem_priv: the backend's data.
 * @lim: caps.
 *
 * Takes an mmgrab() reference on current's mm (NULL for kernel threads,
 * which only the KUnit backend tolerates), and with it a reference on
 * current's thread group leader and its CAP_IPC_LOCK, which pinned-page
 * accounting checks whichever context pins later.
 *
 * Return: the partition or NULL.
 */
struct hvhost_kpart *hvhost_kpart_create(const struct hvhost_kmem_ops *mops,
					 void *mem_priv,
					 const struct hvhost_kpart_limits *lim)
{
	struct hvhost_kpart *kp;

	kp = kzalloc(sizeof(*kp), GFP_KERNEL_ACCOUNT);
	if (!kp)
		return NULL;
	kp->part.ops = &hvhost_kpart_ops;
	kp->part.priv = kp;
	mutex_init(&kp->lock);
	xa_init(&kp->signal_fds);
	INIT_WORK(&kp->eom_work, hvhost_eventfd_eom_work);
	INIT_WORK(&kp->raise_work, hvhost_synic_raise_work);
	INIT_LIST_HEAD(&kp->devices);
	kp->mem_ops = mops;
	kp->mem_priv = mem_priv;
	kp->limits = *lim;
	kp->mm = current->mm;
	if (kp->mm) {
		mmgrab(kp->mm);
		kp->lock_task = get_task_struct(current->group_leader);
		kp->lock_cap = capable(CAP_IPC_LOCK);
	}
	hvhost_debugfs_add(kp);
	return kp;
}

static void hvhost_kpart_unconfigure(struct hvhost_kpart *kp)
{
	u32 i;

	mutex_lock(&kp->lock);
	hvhost_eventfd_release_all(kp);
	mutex_unlock(&kp->lock);
	cancel_work_sync(&kp->eom_work);
	/* NICs first: their ports go under the RTNL, before the channels. */
	hvhost_kpart_remove_typed_all(kp);
	hvhost_vmbus_destroy(kp->part.vmbus);
	kp->part.vmbus = NULL;
	hvhost_kpart_forget_devices(kp);
	cancel_work_sync(&kp->raise_work);
	mutex_lock(&kp->lock);
	for (i = 0; i < kp->part.nr_vps; i++)
		hvhost_synic_clear(kp, &kp->vps[i]);
	kp->configured = false;
	mutex_unlock(&kp->lock);
	kvfree(kp->vps);
	kp->vps = NULL;
}

/**
 * hvhost_kpart_destroy() - tear a partition down (release())
 * @kp: partition; no ioctl runs on it any more.
 *
 * Mirrors hvhost_kpart_create() and hvhost_kpart_set_partition(): eventfds
 * first (no more kicks or EOMs), then the VMBus host (which unpins its
 * GPADLs), the SynIC pages, the memory table, the mm.
 */
void hvhost_kpart_destroy(struct hvhost_kpart *kp)
{
	hvhost_debugfs_remove(kp);
	if (kp->configured)
		hvhost_kpart_unconfigure(kp);
	hvhost_guestmem_destroy(kp);
	xa_destroy(&kp->signal_fds);
	if (kp->mm) {
		put_task_struct(kp->lock_task);
		mmdrop(kp->mm);
	}
	mutex_destroy(&kp->lock);
	kfree(kp);
}

/**
 * hvhost_kpart_get_info() - HVHOST_GET_INFO
 * @kp: partition.
 * @info: filled completely (reserved fields zero).
 */
void hvhost_kpart_get_info(const struct hvhost_kpart *kp,
			   struct hvhost_info *info)
{
	memset(info, 0, sizeof(*info));
	info->features = HVHOST_F_SIGNAL_EVENT_RELAY | HVHOST_F_SIGNAL_FD;
	info->max_vps = kp->limits.max_vps;
	info->max_mem_regions = kp->limits.max_mem_regions;
	info->max_signal_fds = kp->limits.max_signal_fds;
	info->conn_id_first = HVHOST_VMBUS_CHAN_CONN_ID_BASE +
			      HVHOST_VMBUS_MIN_RELID;
	info->conn_id_last = HVHOST_VMBUS_CHAN_CONN_ID_BASE +
			     HVHOST_VMBUS_MAX_RELID;
}

/**
 * hvhost_kpart_set_partition() - HVHOST_SET_PARTITION
 * @kp: partition.
 * @cfg: the configuration.
 *
 * Return: 0, -EINVAL (flags or reserved non-zero, nr_vps 0 or above the
 * cap), -EBUSY when already configured, -ENOMEM.
 */
int hvhost_kpart_set_partition(struct hvhost_kpart *kp,
			       const struct hvhost_partition_config *cfg)
{
	struct hvhost_synic_vp *vps;
	struct hvhost_vmbus *vb;
	u32 i;
	int err;

	if (cfg->flags || cfg->reserved[0] || cfg->reserved[1] ||
	    cfg->reserved[2])
		return -EINVAL;
	if (!cfg->nr_vps || cfg->nr_vps > kp->limits.max_vps)
		return -EINVAL;
	mutex_lock(&kp->lock);
	err = -EBUSY;
	if (kp->configured)
		goto out_unlock;
	err = -ENOMEM;
	vps = kvcalloc(cfg->nr_vps, sizeof(*vps), GFP_KERNEL_ACCOUNT);
	if (!vps)
		goto out_unlock;
	for (i = 0; i < cfg->nr_vps; i++)
		hvhost_synic_init(&vps[i]);
	kp->vps = vps;
	kp->part.nr_vps = cfg->nr_vps;
	vb = hvhost_vmbus_create(&kp->part);
	if (IS_ERR_OR_NULL(vb)) {
		err = vb ? PTR_ERR(vb) : -ENOMEM;
		goto err_free_vps;
	}
	kp->part.vmbus = vb;
	/* Publish vmbus and vps before the lockless relays see them. */
	smp_store_release(&kp->configured, true);
	mutex_unlock(&kp->lock);
	return 0;

err_free_vps:
	kp->part.nr_vps = 0;
	kp->vps = NULL;
	kvfree(vps);
out_unlock:
	mutex_unlock(&kp->lock);
	return err;
}

/**
 * hvhost_kpart_reset() - HVHOST_RESET: the guest rebooted
 * @kp: partition.
 *
 * Return: 0 or -ENOENT before HVHOST_SET_PARTITION.
 */
int hvhost_kpart_reset(struct hvhost_kpart *kp)
{
	u32 i;

	mutex_lock(&kp->lock);
	if (!kp->configured) {
		mutex_unlock(&kp->lock);
		return -ENOENT;
	}
	hvhost_vmbus_reset(kp->part.vmbus);
	for (i = 0; i < kp->part.nr_vps; i++)
		hvhost_synic_clear(kp, &kp->vps[i]);
	mutex_unlock(&kp->lock);
	return 0;
}

/* Guest-controlled fields that do not need the VMBus host. */
static u16 hvhost_kpart_msg_status(const struct hvhost_post_message *m)
{
	if (m->payload_size > HVHOST_MESSAGE_PAYLOAD_BYTES)
		return HV_STATUS_INVALID_PARAMETER;
	if (m->connection_id > HVHOST_CONN_ID_MAX)
		return HV_STATUS_INVALID_CONNECTION_ID;
	return HV_STATUS_SUCCESS;
}

/**
 * hvhost_kpart_post_message() - HVHOST_POST_MESSAGE
 * @kp: partition.
 * @m: kernel copy of the relayed hypercall input.
 *
 * Return: the Hyper-V status (>= 0) for the guest, or -EINVAL (reserved
 * field non-zero), -ENOENT (no partition, memory table or enabled message
 * page yet).
 */
int hvhost_kpart_post_message(struct hvhost_kpart *kp,
			      const struct hvhost_post_message *m)
{
	u16 status;
	int ret;

	if (m->reserved)
		return -EINVAL;
	mutex_lock(&kp->lock);
	ret = -ENOENT;
	if (!kp->configured || !rcu_access_pointer(kp->mem) || !kp->nr_simp)
		goto out_unlock;
	status = hvhost_kpart_msg_status(m);
	if (status == HV_STATUS_SUCCESS) {
		atomic64_inc(&kp->stats.posts);
		status = hvhost_vmbus_post_message(kp->part.vmbus,
						   m->connection_id,
						   m->message_type, m->payload,
						   m->payload_size);
	} else {
		atomic64_inc(&kp->stats.posts_refused);
	}
	ret = status;
out_unlock:
	mutex_unlock(&kp->lock);
	return ret;
}

/**
 * hvhost_kpart_signal_event() - HVHOST_SIGNAL_EVENT
 * @kp: partition.
 * @e: the relayed HvSignalEvent.
 *
 * Return: HV_STATUS_SUCCESS after kicking the VMBus host,
 * HV_STATUS_INVALID_CONNECTION_ID for a connection id that names no
 * channel (so a guest cannot make the VMM bind eventfds for made-up ids)
 * or a non-zero flag number; -EINVAL (reserved field), -ENOENT (no partition).
 */
int hvhost_kpart_signal_event(struct hvhost_kpart *kp,
			      const struct hvhost_signal_event *e)
{
	if (e->reserved)
		return -EINVAL;
	/* Pairs with hvhost_kpart_set_partition(): vmbus is set if true. */
	if (!smp_load_acquire(&kp->configured))
		return -ENOENT;
	if (!e->conn_id || e->conn_id > HVHOST_CONN_ID_MAX || e->flag_number)
		return HV_STATUS_INVALID_CONNECTION_ID;
	atomic64_inc(&kp->stats.kicks);
	if (!hvhost_vmbus_signal(kp->part.vmbus, e->conn_id))
		return HV_STATUS_INVALID_CONNECTION_ID;
	return HV_STATUS_SUCCESS;
}
