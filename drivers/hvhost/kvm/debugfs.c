// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugfs views of KVM-transport partitions.
 *
 * <debugfs>/hvhost/<tgid>-<n>/stats: the partition's counters.
 * <debugfs>/hvhost/<tgid>-<n>/synic: per vCPU, the SynIC MSRs as the VMM
 * reported them and which SINTs have eventfds bound.
 *
 * The files are removed before the partition is freed (debugfs_remove()
 * waits for readers), so the show functions may dereference it.
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#include "kvm/debugfs.h"
#include "kvm/kpart.h"
#include "kvm/synic.h"

static struct dentry *hvhost_debugfs_root;
static atomic_t hvhost_debugfs_seq = ATOMIC_INIT(0);

void hvhost_debugfs_init(void)
{
	hvhost_debugfs_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
}

void hvhost_debugfs_exit(void)
{
	debugfs_remove(hvhost_debugfs_root);
	hvhost_debugfs_root = NULL;
}

static int hvhost_debugfs_stats_show(struct seq_file *m, void *unused)
{
	struct hvhost_kpart *kp = m->private;
	const struct hvhost_kpart_stats *s = &kp->stats;

	seq_printf(m, "posts %lld\n", atomic64_read(&s->posts));
	seq_printf(m, "posts_refused %lld\n",
		   atomic64_read(&s->posts_refused));
	seq_printf(m, "kicks %lld\n", atomic64_read(&s->kicks));
	seq_printf(m, "msgs %lld\n", atomic64_read(&s->msgs));
	seq_printf(m, "msgs_busy %lld\n", atomic64_read(&s->msgs_busy));
	seq_printf(m, "msgs_dropped %lld\n", atomic64_read(&s->msgs_dropped));
	seq_printf(m, "events %lld\n", atomic64_read(&s->events));
	seq_printf(m, "eoms %lld\n", atomic64_read(&s->eoms));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hvhost_debugfs_stats);

static void hvhost_debugfs_synic_vp(struct seq_file *m,
				    struct hvhost_synic_vp *v, u32 i)
{
	u16 irqfds = 0, resamples = 0;
	unsigned int sint;

	for (sint = 0; sint < HV_SYNIC_SINT_COUNT; sint++) {
		irqfds |= rcu_access_pointer(v->irqfd[sint]) ? BIT(sint) : 0;
		resamples |= v->resample[sint] ? BIT(sint) : 0;
	}
	seq_printf(m,
		   "vp %u scontrol %#llx simp %#llx siefp %#llx masked %#x irqfds %#x resamplefds %#x\n",
		   i, v->scontrol, v->simp, v->siefp, v->masked, irqfds,
		   resamples);
}

static int hvhost_debugfs_synic_show(struct seq_file *m, void *unused)
{
	struct hvhost_kpart *kp = m->private;
	u32 i;

	mutex_lock(&kp->lock);
	for (i = 0; kp->configured && i < kp->part.nr_vps; i++)
		hvhost_debugfs_synic_vp(m, &kp->vps[i], i);
	mutex_unlock(&kp->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hvhost_debugfs_synic);

void hvhost_debugfs_add(struct hvhost_kpart *kp)
{
	char name[32];

	kp->debugfs = NULL;
	if (IS_ERR_OR_NULL(hvhost_debugfs_root))
		return;
	snprintf(name, sizeof(name), "%d-%d", task_tgid_nr(current),
		 atomic_inc_return(&hvhost_debugfs_seq));
	kp->debugfs = debugfs_create_dir(name, hvhost_debugfs_root);
	debugfs_create_file("stats", 0400, kp->debugfs, kp,
			    &hvhost_debugfs_stats_fops);
	debugfs_create_file("synic", 0400, kp->debugfs, kp,
			    &hvhost_debugfs_synic_fops);
}

void hvhost_debugfs_remove(struct hvhost_kpart *kp)
{
	debugfs_remove(kp->debugfs);
	kp->debugfs = NULL;
}
