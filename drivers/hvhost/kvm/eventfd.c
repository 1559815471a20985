// SPDX-License-Identifier: GPL-2.0-only
/*
 * Eventfd plumbing of the KVM transport.
 *
 * hvhost -> guest: hvhost signals the irqfd of (vp, sint); the VMM bound it
 * with KVM_IRQFD to an HV_SINT route.  Guest EOM -> hvhost: KVM signals the
 * resample fd of that irqfd; hvhost then retries the message that found the
 * slot busy.  Guest HvSignalEvent -> hvhost: KVM signals the eventfd the VMM
 * registered for the connection id (KVM_HYPERV_EVENTFD); hvhost waits on it
 * like KVM's irqfd does, and kicks the VMBus host from the wakeup.
 */
#include <linux/errno.h>
#include <linux/eventfd.h>
#include <linux/file.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <uapi/linux/hvhost.h>

#include "kvm/eventfd.h"
#include "kvm/kpart.h"
#include "kvm/synic.h"
#include "vmbus/vmbus.h"

static void hvhost_evwait_queue(struct file *file, wait_queue_head_t *wqh,
				poll_table *pt)
{
	struct hvhost_evwait *w = container_of(pt, struct hvhost_evwait, pt);

	add_wait_queue(wqh, &w->wait);
}

/*
 * Start waiting on eventfd @fd.  Return the events already pending (the
 * caller acts on EPOLLIN), or -EBADF for no open file, -EINVAL for a file
 * that is not an eventfd.
 */
static int hvhost_evwait_attach(struct hvhost_evwait *w, int fd,
				wait_queue_func_t fn)
{
	struct eventfd_ctx *ctx;
	__poll_t events;
	struct fd f;

	f = fdget(fd);
	if (fd_empty(f))
		return -EBADF;
	ctx = eventfd_ctx_fileget(fd_file(f));
	if (IS_ERR(ctx)) {
		fdput(f);
		return PTR_ERR(ctx);
	}
	w->ctx = ctx;
	init_waitqueue_func_entry(&w->wait, fn);
	init_poll_funcptr(&w->pt, hvhost_evwait_queue);
	events = vfs_poll(fd_file(f), &w->pt);
	fdput(f);
	return !!(events & EPOLLIN);
}

static void hvhost_evwait_detach(struct hvhost_evwait *w)
{
	u64 cnt;

	eventfd_ctx_remove_wait_queue(w->ctx, &w->wait, &cnt);
	eventfd_ctx_put(w->ctx);
}

/* Consume the count so the eventfd does not saturate; wqh lock held. */
static bool hvhost_evwait_fired(struct hvhost_evwait *w, void *key)
{
	u64 cnt;

	if (!(key_to_poll(key) & EPOLLIN))
		return false;
	eventfd_ctx_do_read(w->ctx, &cnt);
	return true;
}

/*
 * Resample fds: the guest acknowledged a SINT.
 */
void hvhost_eventfd_eom_work(struct work_struct *work)
{
	struct hvhost_kpart *kp = container_of(work, struct hvhost_kpart,
					       eom_work);

	hvhost_vmbus_msg_slot_free(kp->part.vmbus);
}

static int hvhost_resample_wake(wait_queue_entry_t *wait, unsigned int mode,
				int sync, void *key)
{
	struct hvhost_evwait *w = container_of(wait, struct hvhost_evwait,
					       wait);

	if (hvhost_evwait_fired(w, key)) {
		atomic64_inc(&w->kp->stats.eoms);
		schedule_work(&w->kp->eom_work);
	}
	return 0;
}

static int hvhost_sint_fds_check(struct hvhost_kpart *kp,
				 const struct hvhost_sint_fds *f)
{
	if (f->reserved[0] || f->reserved[1])
		return -EINVAL;
	if (f->vp >= kp->part.nr_vps || f->sint >= HVHOST_SINT_COUNT)
		return -EINVAL;
	if (f->irqfd < -1 || f->resamplefd < -1)
		return -EBADF;
	return 0;
}

/* Resolve both fds before changing anything. */
static int hvhost_sint_fds_get(struct hvhost_kpart *kp,
			       const struct hvhost_sint_fds *f,
			       struct eventfd_ctx **irqfd,
			       struct hvhost_evwait **rs, bool *fired)
{
	int ret;

	*irqfd = NULL;
	*rs = NULL;
	*fired = false;
	if (f->irqfd >= 0) {
		*irqfd = eventfd_ctx_fdget(f->irqfd);
		if (IS_ERR(*irqfd))
			return PTR_ERR(*irqfd);
	}
	if (f->resamplefd < 0)
		return 0;
	ret = -ENOMEM;
	*rs = kzalloc(sizeof(**rs), GFP_KERNEL_ACCOUNT);
	if (!*rs)
		goto err_put_irqfd;
	(*rs)->kp = kp;
	ret = hvhost_evwait_attach(*rs, f->resamplefd, hvhost_resample_wake);
	if (ret < 0)
		goto err_free_rs;
	*fired = ret;
	return 0;

err_free_rs:
	kfree(*rs);
	*rs = NULL;
err_put_irqfd:
	if (*irqfd)
		eventfd_ctx_put(*irqfd);
	*irqfd = NULL;
	return ret;
}

/**
 * hvhost_kpart_set_sint_fds() - HVHOST_SET_SINT_FDS
 * @kp: partition.
 * @f: vp, sint and the two fds (-1 unbinds).
 *
 * Both fds are resolved before either binding changes.  A resample fd that
 * is already signalled triggers a slot retry at once.
 *
 * Return: 0, -EINVAL (reserved field, vp or sint out of range, a file that
 * is not an eventfd), -EBADF (fd not open or below -1), -ENOENT before
 * HVHOST_SET_PARTITION, -ENOMEM.
 */
int hvhost_kpart_set_sint_fds(struct hvhost_kpart *kp,
			      const struct hvhost_sint_fds *f)
{
	struct eventfd_ctx *irqfd, *old_irqfd;
	struct hvhost_evwait *rs, *old_rs;
	struct hvhost_synic_vp *v;
	bool fired;
	int err;

	mutex_lock(&kp->lock);
	err = -ENOENT;
	if (!kp->configured)
		goto out_unlock;
	err = hvhost_sint_fds_check(kp, f);
	if (err)
		goto out_unlock;
	err = hvhost_sint_fds_get(kp, f, &irqfd, &rs, &fired);
	if (err)
		goto out_unlock;
	v = &kp->vps[f->vp];
	spin_lock_irq(&v->lock);
	old_irqfd = rcu_replace_pointer(v->irqfd[f->sint], irqfd,
					lockdep_is_held(&v->lock));
	spin_unlock_irq(&v->lock);
	old_rs = v->resample[f->sint];
	v->resample[f->sint] = rs;
	if (old_irqfd) {
		synchronize_rcu();	/* hvhost_synic_fire() is done with it */
		eventfd_ctx_put(old_irqfd);
	}
	if (old_rs) {
		hvhost_evwait_detach(old_rs);
		kfree(old_rs);
	}
	if (fired)
		schedule_work(&kp->eom_work);
out_unlock:
	mutex_unlock(&kp->lock);
	return err;
}

/*
 * Signal fds: the guest kicked a connection id.
 */
static void hvhost_signal_kick(struct hvhost_kpart *kp, u32 conn_id)
{
	atomic64_inc(&kp->stats.kicks);
	hvhost_vmbus_signal(kp->part.vmbus, conn_id);
}

static int hvhost_signal_wake(wait_queue_entry_t *wait, unsigned int mode,
			      int sync, void *key)
{
	struct hvhost_evwait *w = container_of(wait, struct hvhost_evwait,
					       wait);

	if (hvhost_evwait_fired(w, key))
		hvhost_signal_kick(w->kp, w->conn_id);
	return 0;
}

static void hvhost_signal_fd_unbind(struct hvhost_kpart *kp, u32 conn_id)
{
	struct hvhost_evwait *w;

	lockdep_assert_held(&kp->lock);
	w = xa_erase(&kp->signal_fds, conn_id);
	if (!w)
		return;
	hvhost_evwait_detach(w);
	kfree(w);
	kp->nr_signal_fds--;
}

static int hvhost_signal_fd_bind(struct hvhost_kpart *kp, u32 conn_id,
				 int fd)
{
	struct hvhost_evwait *w, *old;
	bool ret_fired;
	int ret;

	lockdep_assert_held(&kp->lock);
	if (!xa_load(&kp->signal_fds, conn_id) &&
	    kp->nr_signal_fds >= kp->limits.max_signal_fds)
		return -ENOSPC;
	w = kzalloc(sizeof(*w), GFP_KERNEL_ACCOUNT);
	if (!w)
		return -ENOMEM;
	w->kp = kp;
	w->conn_id = conn_id;
	ret = hvhost_evwait_attach(w, fd, hvhost_signal_wake);
	if (ret < 0)
		goto err_free;
	ret_fired = ret;
	/* Replace in place: a failed store keeps the binding there was. */
	old = xa_store(&kp->signal_fds, conn_id, w, GFP_KERNEL_ACCOUNT);
	ret = xa_err(old);
	if (ret)
		goto err_detach;
	if (old) {
		hvhost_evwait_detach(old);
		kfree(old);
	} else {
		kp->nr_signal_fds++;
	}
	if (ret_fired)
		hvhost_signal_kick(kp, conn_id);
	return 0;

err_detach:
	hvhost_evwait_detach(w);
err_free:
	kfree(w);
	return ret;
}

/**
 * hvhost_kpart_set_signal_fd() - HVHOST_SET_SIGNAL_FD
 * @kp: partition.
 * @f: connection id and eventfd (-1 unbinds).
 *
 * Return: 0, -EINVAL (reserved field, connection id 0 or above
 * HVHOST_CONN_ID_MAX, not an eventfd), -EBADF, -ENOENT before
 * HVHOST_SET_PARTITION, -ENOSPC over the partition's cap, -ENOMEM.
 */
int hvhost_kpart_set_signal_fd(struct hvhost_kpart *kp,
			       const struct hvhost_signal_fd *f)
{
	int err;

	if (f->reserved)
		return -EINVAL;
	if (!f->conn_id || f->conn_id > HVHOST_CONN_ID_MAX)
		return -EINVAL;
	if (f->fd < -1)
		return -EBADF;
	mutex_lock(&kp->lock);
	err = -ENOENT;
	if (!kp->configured)
		goto out_unlock;
	err = 0;
	if (f->fd == -1)
		hvhost_signal_fd_unbind(kp, f->conn_id);
	else
		err = hvhost_signal_fd_bind(kp, f->conn_id, f->fd);
out_unlock:
	mutex_unlock(&kp->lock);
	return err;
}

/* Put @v's irqfd of @sint; no raise may be under way (see above). */
static void hvhost_irqfd_drop(struct hvhost_synic_vp *v, u32 sint)
{
	struct eventfd_ctx *irqfd;

	spin_lock_irq(&v->lock);
	irqfd = rcu_replace_pointer(v->irqfd[sint], NULL,
				    lockdep_is_held(&v->lock));
	spin_unlock_irq(&v->lock);
	if (irqfd)
		eventfd_ctx_put(irqfd);
}

/**
 * hvhost_eventfd_release_all() - drop every eventfd binding (teardown)
 * @kp: partition.
 *
 * After return no eventfd callback runs for @kp; @kp->eom_work may still
 * be queued, the caller flushes it.
 *
 * Context: holds @kp->lock.
 */
void hvhost_eventfd_release_all(struct hvhost_kpart *kp)
{
	struct hvhost_evwait *w;
	struct hvhost_synic_vp *v;
	unsigned long id;
	u32 i, sint;

	lockdep_assert_held(&kp->lock);
	xa_for_each(&kp->signal_fds, id, w)
		hvhost_signal_fd_unbind(kp, id);
	/*
	 * The VMBus host may still signal: every SINT masked means no new
	 * raise, and a grace period ends those already decided.
	 */
	for (i = 0; i < kp->part.nr_vps; i++) {
		v = &kp->vps[i];
		spin_lock_irq(&v->lock);
		v->masked = GENMASK(HVHOST_SINT_COUNT - 1, 0);
		spin_unlock_irq(&v->lock);
	}
	synchronize_rcu();
	for (i = 0; i < kp->part.nr_vps; i++) {
		v = &kp->vps[i];
		for (sint = 0; sint < HVHOST_SINT_COUNT; sint++) {
			if (v->resample[sint]) {
				hvhost_evwait_detach(v->resample[sint]);
				kfree(v->resample[sint]);
				v->resample[sint] = NULL;
			}
			hvhost_irqfd_drop(v, sint);
		}
	}
}
