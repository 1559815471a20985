// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvhost's workers.
 *
 * A guest's kick reaches hvhost on the CPU that runs the kicking vCPU (its
 * HvSignalEvent exit signals the eventfd there).  Work queued on a per-CPU
 * workqueue from there would wait until that vCPU thread leaves the CPU,
 * while the guest may be spinning for the very answer the work produces.
 * An unbound workqueue lets the scheduler run the work on any allowed CPU,
 * the way vhost's worker is a task of its own.  WQ_SYSFS exposes its
 * cpumask and nice value under /sys/devices/virtual/workqueue/hvhost/.
 *
 * Lifetime: created at module load before /dev/hvhost exists, destroyed
 * at unload after the last partition is gone (every work item is
 * cancelled by its owner before it is freed).
 */
#include <linux/export.h>
#include <linux/workqueue.h>

#include "wq.h"

static struct workqueue_struct *hvhost_wq;

/**
 * hvhost_queue_work() - queue @work on hvhost's workqueue
 * @work: a work item of a partition, a channel or a VSP
 *
 * Return: false if @work was already pending, as queue_work().
 */
bool hvhost_queue_work(struct work_struct *work)
{
	return queue_work(hvhost_wq, work);
}
EXPORT_SYMBOL_GPL(hvhost_queue_work);

int hvhost_wq_init(void)
{
	hvhost_wq = alloc_workqueue("hvhost", WQ_UNBOUND | WQ_SYSFS, 0);
	return hvhost_wq ? 0 : -ENOMEM;
}

void hvhost_wq_exit(void)
{
	destroy_workqueue(hvhost_wq);
}
