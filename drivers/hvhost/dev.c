// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/hvhost: one open file is one partition.  This file is only the
 * copy_from_user layer; the handlers (kvm/) take kernel copies.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <uapi/linux/hvhost.h>

#include "dev.h"
#include "kvm/debugfs.h"
#include "kvm/devices.h"
#include "kvm/eventfd.h"
#include "kvm/guestmem.h"
#include "kvm/kpart.h"
#include "kvm/mm.h"
#include "kvm/synic.h"

static unsigned int max_vps = HVHOST_DEF_MAX_VPS;
module_param(max_vps, uint, 0644);
MODULE_PARM_DESC(max_vps, "Most vCPUs per partition");

static unsigned int max_mem_regions = HVHOST_DEF_MAX_MEM_REGIONS;
module_param(max_mem_regions, uint, 0644);
MODULE_PARM_DESC(max_mem_regions, "Most guest memory regions per partition (at most 512)");

static unsigned int max_signal_fds = HVHOST_DEF_MAX_SIGNAL_FDS;
module_param(max_signal_fds, uint, 0644);
MODULE_PARM_DESC(max_signal_fds, "Most signal eventfds per partition");

static int hvhost_dev_open(struct inode *inode, struct file *file)
{
	struct hvhost_kpart_limits lim = {
		.max_vps = max_vps,
		.max_mem_regions = min(max_mem_regions,
				       HVHOST_LIM_MAX_MEM_REGIONS),
		.max_signal_fds = max_signal_fds,
	};
	struct hvhost_kpart *kp;

	kp = hvhost_kpart_create(&hvhost_mm_ops, NULL, &lim);
	if (!kp)
		return -ENOMEM;
	file->private_data = kp;
	return nonseekable_open(inode, file);
}

static int hvhost_dev_release(struct inode *inode, struct file *file)
{
	hvhost_kpart_destroy(file->private_data);
	return 0;
}

static int hvhost_dev_set_partition(struct hvhost_kpart *kp, void *arg)
{
	return hvhost_kpart_set_partition(kp, arg);
}

static int hvhost_dev_reset(struct hvhost_kpart *kp, void *arg)
{
	return hvhost_kpart_reset(kp);
}

static int hvhost_dev_set_synic(struct hvhost_kpart *kp, void *arg)
{
	return hvhost_kpart_set_synic(kp, arg);
}

static int hvhost_dev_set_sint_fds(struct hvhost_kpart *kp, void *arg)
{
	return hvhost_kpart_set_sint_fds(kp, arg);
}

static int hvhost_dev_set_signal_fd(struct hvhost_kpart *kp, void *arg)
{
	return hvhost_kpart_set_signal_fd(kp, arg);
}

static int hvhost_dev_post_message(struct hvhost_kpart *kp, void *arg)
{
	return hvhost_kpart_post_message(kp, arg);
}

static int hvhost_dev_signal_event(struct hvhost_kpart *kp, void *arg)
{
	return hvhost_kpart_signal_event(kp, arg);
}

static int hvhost_dev_add_device(struct hvhost_kpart *kp, void *arg)
{
	return hvhost_kpart_add_device(kp, arg);
}

static int hvhost_dev_remove_device(struct hvhost_kpart *kp, void *arg)
{
	return hvhost_kpart_remove_device(kp, arg);
}

/* Fixed-size ioctls: the argument is copied in whole, then handled. */
static const struct hvhost_dev_ioctl hvhost_dev_ioctls[] = {
	{ HVHOST_SET_PARTITION, hvhost_dev_set_partition },
	{ HVHOST_RESET, hvhost_dev_reset },
	{ HVHOST_SET_SYNIC, hvhost_dev_set_synic },
	{ HVHOST_SET_SINT_FDS, hvhost_dev_set_sint_fds },
	{ HVHOST_SET_SIGNAL_FD, hvhost_dev_set_signal_fd },
	{ HVHOST_POST_MESSAGE, hvhost_dev_post_message },
	{ HVHOST_SIGNAL_EVENT, hvhost_dev_signal_event },
	{ HVHOST_ADD_DEVICE, hvhost_dev_add_device },
	{ HVHOST_REMOVE_DEVICE, hvhost_dev_remove_device },
};

/* The largest fixed-size argument. */
#define HVHOST_DEV_ARG_MAX	sizeof(struct hvhost_post_message)

/**
 * hvhost_dev_ioctl_find() - look up a fixed-size ioctl
 * @cmd: the command as passed by userspace.
 *
 * A command with the right number but another size or direction is not
 * found: the size is part of the contract.
 *
 * Return: the table entry or NULL.
 */
const struct hvhost_dev_ioctl *hvhost_dev_ioctl_find(unsigned int cmd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hvhost_dev_ioctls); i++)
		if (hvhost_dev_ioctls[i].cmd == cmd)
			return &hvhost_dev_ioctls[i];
	return NULL;
}

static long hvhost_dev_get_info(struct hvhost_kpart *kp, void __user *argp)
{
	struct hvhost_info info;

	hvhost_kpart_get_info(kp, &info);
	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}

static long hvhost_dev_set_mem_table(struct hvhost_kpart *kp,
				     void __user *argp)
{
	struct hvhost_mem_table hdr, *t;
	long ret;

	if (copy_from_user(&hdr, argp, sizeof(hdr)))
		return -EFAULT;
	if (hdr.nregions > kp->limits.max_mem_regions)
		return -E2BIG;
	t = memdup_user(argp, struct_size(t, regions, hdr.nregions));
	if (IS_ERR(t))
		return PTR_ERR(t);
	/* The header is re-read by memdup_user(): use the first copy. */
	t->nregions = hdr.nregions;
	ret = hvhost_kpart_set_mem_table(kp, t);
	kfree(t);
	return ret;
}

static long hvhost_dev_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	struct hvhost_kpart *kp = file->private_data;
	void __user *argp = (void __user *)arg;
	const struct hvhost_dev_ioctl *ioc;
	u64 buf[HVHOST_DEV_ARG_MAX / sizeof(u64)];
	long ret;

	if (cmd == HVHOST_GET_INFO)
		return hvhost_dev_get_info(kp, argp);
	if (cmd == HVHOST_SET_MEM_TABLE)
		return hvhost_dev_set_mem_table(kp, argp);
	ioc = hvhost_dev_ioctl_find(cmd);
	if (!ioc)
		return -ENOTTY;
	if (_IOC_SIZE(cmd) > sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, argp, _IOC_SIZE(cmd)))
		return -EFAULT;
	ret = ioc->fn(kp, buf);
	/* _IOWR: the handler's outputs go back (only on success). */
	if (!ret && (_IOC_DIR(cmd) & _IOC_READ) &&
	    copy_to_user(argp, buf, _IOC_SIZE(cmd)))
		ret = -EFAULT;
	return ret;
}

static const struct file_operations hvhost_dev_fops = {
	.owner = THIS_MODULE,
	.open = hvhost_dev_open,
	.release = hvhost_dev_release,
	.unlocked_ioctl = hvhost_dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice hvhost_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "hvhost",
	.fops = &hvhost_dev_fops,
	.mode = 0600,
};

int hvhost_dev_init(void)
{
	int err;

	hvhost_debugfs_init();
	err = misc_register(&hvhost_misc);
	if (err)
		hvhost_debugfs_exit();
	return err;
}

void hvhost_dev_exit(void)
{
	misc_deregister(&hvhost_misc);
	hvhost_debugfs_exit();
}
