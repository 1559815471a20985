/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvhost's workers: one unbound workqueue for all deferred work of every
 * partition (channel passes of the VSPs, SynIC raises, EOM retries).
 */
#ifndef _HVHOST_WQ_H
#define _HVHOST_WQ_H

#include <linux/workqueue.h>

bool hvhost_queue_work(struct work_struct *work);

int hvhost_wq_init(void);
void hvhost_wq_exit(void);

#endif /* _HVHOST_WQ_H */
