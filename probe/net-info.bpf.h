/* Socket parameters in scap form: PT_SOCKADDR from a user sockaddr, PT_SOCKTUPLE from
 * the kernel socket behind an fd. Ports are host order, addresses network order. */
#ifndef TERCEL_NET_INFO_BPF_H
#define TERCEL_NET_INFO_BPF_H

#define TC_SOCKADDR_TMP (TC_SCRATCH_SIZE - 256)
#define TC_UNIX_PATH_MAX 108

static __always_inline __u16 tc_ntohs(__u16 v) {
	return __builtin_bswap16(v);
}

static __always_inline void ev_sockaddr(struct tc_ev *e, const void *uaddr, __u64 addrlen) {
	__u8 *tmp = &e->d[TC_SOCKADDR_TMP];
	__u64 n = addrlen;
	if(n > 128) {
		n = 128;
	}
	barrier_var(n);
	n &= 255;
	if(!uaddr || n < 2 || bpf_probe_read_user(tmp, n, uaddr)) {
		ev_empty(e);
		return;
	}
	__u16 family = *(__u16 *)tmp;
	if(family == K_AF_INET && n >= 8) {
		ev_raw_u8(e, K_AF_INET);
		ev_raw_u32(e, *(__u32 *)&tmp[4]);
		ev_raw_u16(e, tc_ntohs(*(__u16 *)&tmp[2]));
	} else if(family == K_AF_INET6 && n >= 24) {
		ev_raw_u8(e, K_AF_INET6);
		ev_raw_u64(e, *(__u64 *)&tmp[8]);
		ev_raw_u64(e, *(__u64 *)&tmp[16]);
		ev_raw_u16(e, tc_ntohs(*(__u16 *)&tmp[2]));
	} else if(family == K_AF_UNIX) {
		ev_raw_u8(e, K_AF_UNIX);
		tmp[(n < 255 ? n : 254) & 255] = 0;
		/* abstract sockets start with a NUL that is skipped */
		const void *p = tmp[2] ? &tmp[2] : &tmp[3];
		ev_raw_str(e, p, 0);
	}
	ev_close(e);
}

static __always_inline struct sock *tc_fd_sock(struct task_struct *t, __s64 fd) {
	struct file *f = tc_fd_file(t, fd);
	if(!f) {
		return NULL;
	}
	unsigned short mode = BPF_CORE_READ(f, f_inode, i_mode);
	if((mode & 0170000) != 0140000) { /* S_IFSOCK */
		return NULL;
	}
	struct socket *sock = BPF_CORE_READ(f, private_data);
	return sock ? BPF_CORE_READ(sock, sk) : NULL;
}

/* outbound: local first (connect, sendto); inbound: remote first (accept). */
static __always_inline void ev_socktuple(struct tc_ev *e, struct task_struct *t, __s64 fd, int outbound,
                                         const void *uaddr) {
	struct sock *sk = tc_fd_sock(t, fd);
	if(!sk) {
		ev_empty(e);
		return;
	}
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if(family == K_AF_INET) {
		struct inet_sock *inet = (struct inet_sock *)sk;
		__u32 laddr = BPF_CORE_READ(inet, inet_saddr);
		__u16 lport = tc_ntohs(BPF_CORE_READ(inet, inet_sport));
		__u32 raddr = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__u16 rport = tc_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if(rport == 0 && uaddr) {
			struct sockaddr_in in = {};
			bpf_probe_read_user(&in, sizeof(in), uaddr);
			raddr = in.sin_addr.s_addr;
			rport = tc_ntohs(in.sin_port);
		}
		ev_raw_u8(e, K_AF_INET);
		if(outbound) {
			ev_raw_u32(e, laddr);
			ev_raw_u16(e, lport);
			ev_raw_u32(e, raddr);
			ev_raw_u16(e, rport);
		} else {
			ev_raw_u32(e, raddr);
			ev_raw_u16(e, rport);
			ev_raw_u32(e, laddr);
			ev_raw_u16(e, lport);
		}
	} else if(family == K_AF_INET6) {
		struct inet_sock *inet = (struct inet_sock *)sk;
		struct in6_addr l = BPF_CORE_READ(inet, pinet6, saddr);
		struct in6_addr r = BPF_CORE_READ(sk, __sk_common.skc_v6_daddr);
		__u16 lport = tc_ntohs(BPF_CORE_READ(inet, inet_sport));
		__u16 rport = tc_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if(rport == 0 && uaddr) {
			struct sockaddr_in6 in6 = {};
			bpf_probe_read_user(&in6, sizeof(in6), uaddr);
			r = in6.sin6_addr;
			rport = tc_ntohs(in6.sin6_port);
		}
		ev_raw_u8(e, K_AF_INET6);
		if(outbound) {
			ev_raw_u64(e, *(__u64 *)&l.in6_u.u6_addr8[0]);
			ev_raw_u64(e, *(__u64 *)&l.in6_u.u6_addr8[8]);
			ev_raw_u16(e, lport);
			ev_raw_u64(e, *(__u64 *)&r.in6_u.u6_addr8[0]);
			ev_raw_u64(e, *(__u64 *)&r.in6_u.u6_addr8[8]);
			ev_raw_u16(e, rport);
		} else {
			ev_raw_u64(e, *(__u64 *)&r.in6_u.u6_addr8[0]);
			ev_raw_u64(e, *(__u64 *)&r.in6_u.u6_addr8[8]);
			ev_raw_u16(e, rport);
			ev_raw_u64(e, *(__u64 *)&l.in6_u.u6_addr8[0]);
			ev_raw_u64(e, *(__u64 *)&l.in6_u.u6_addr8[8]);
			ev_raw_u16(e, lport);
		}
	} else if(family == K_AF_UNIX) {
		struct unix_sock *us = (struct unix_sock *)sk;
		struct unix_sock *peer = (struct unix_sock *)BPF_CORE_READ(us, peer);
		ev_raw_u8(e, K_AF_UNIX);
		struct unix_address *ua;
		if(outbound) {
			ev_raw_u64(e, (__u64)peer);
			ev_raw_u64(e, (__u64)us);
			ua = peer ? BPF_CORE_READ(peer, addr) : NULL;
		} else {
			ev_raw_u64(e, (__u64)us);
			ev_raw_u64(e, (__u64)peer);
			ua = BPF_CORE_READ(us, addr);
		}
		__u8 *tmp = &e->d[TC_SOCKADDR_TMP];
		tmp[0] = 0;
		tmp[1] = 0;
		if(ua) {
			bpf_probe_read_kernel(tmp, TC_UNIX_PATH_MAX, &ua->name[0].sun_path[0]);
		} else if(outbound && uaddr) {
			bpf_probe_read_user(tmp, TC_UNIX_PATH_MAX, (const __u8 *)uaddr + 2);
		}
		tmp[TC_UNIX_PATH_MAX - 1] = 0;
		ev_raw_str(e, tmp[0] ? &tmp[0] : &tmp[1], 0);
	}
	ev_close(e);
}

#endif
