/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * /dev/hvhost: the misc device and its ioctl table.
 */
#ifndef _HVHOST_DEV_H
#define _HVHOST_DEV_H

struct hvhost_kpart;

/**
 * struct hvhost_dev_ioctl - one ioctl of /dev/hvhost
 * @cmd: the command; its _IOC_SIZE is the argument size copied in.
 * @fn: the handler, on a kernel copy of the argument; for _IOWR commands
 *	the copy goes back to userspace when @fn returns 0.
 */
struct hvhost_dev_ioctl {
	unsigned int cmd;
	int (*fn)(struct hvhost_kpart *kp, void *arg);
};

const struct hvhost_dev_ioctl *hvhost_dev_ioctl_find(unsigned int cmd);

int hvhost_dev_init(void);
void hvhost_dev_exit(void);

#endif /* _HVHOST_DEV_H */
