// libsinsp's `fd` class: the file descriptor an event works on (files, sockets, pipes...),
// its name, addresses, ports, device and inode.
import type { FieldDecl } from '../field.js';
import { fieldBuilder, type FieldOptions } from './field-builder.js';

const f = fieldBuilder('fd');

/** "Either end" fields: they only make sense in a condition (`fd.ip = 10.0.0.1`). */
const eitherEnd: FieldOptions = { filterOnly: true, noRhs: true, noTransformer: true };
/** Reverse-DNS names: resolved lazily, so not usable as the other side of a comparison. */
const dnsName: FieldOptions = { noRhs: true, noTransformer: true };

export const fdFields: readonly FieldDecl[] = [
  f('fd.num', 'INT64', 'Number of the file descriptor.'),
  f('fd.type', 'CHARBUF', 'Kind of file descriptor: file, directory, ipv4, ipv6, unix, pipe, event, signalfd, eventpoll, inotify, memfd, ...'),
  f('fd.typechar', 'CHARBUF', "Kind of file descriptor as one character: f file, 4 IPv4 socket, 6 IPv6 socket, u unix socket, p pipe, e eventfd, s signalfd, l eventpoll, i inotify, b bpf, r io_uring, m memfd, o other."),
  f('fd.name', 'CHARBUF', 'Full name of the file descriptor: the absolute path for a file, the connection tuple for a socket.'),
  f('fd.directory', 'CHARBUF', 'For a file, the directory that holds it.'),
  f('fd.filename', 'CHARBUF', 'For a file, its name without the directory.'),
  f('fd.ip', 'IPADDR', 'Matches when either the client or the server address of the socket equals the value.', eitherEnd),
  f('fd.cip', 'IPADDR', 'Client IP address of the socket.'),
  f('fd.sip', 'IPADDR', 'Server IP address of the socket.'),
  f('fd.lip', 'IPADDR', 'Local IP address of the socket.'),
  f('fd.rip', 'IPADDR', 'Remote IP address of the socket.'),
  f('fd.port', 'PORT', 'Matches when either the client or the server port of the socket equals the value.', eitherEnd),
  f('fd.cport', 'PORT', 'Client port of a TCP or UDP socket.'),
  f('fd.sport', 'PORT', 'Server port of a TCP or UDP socket.'),
  f('fd.lport', 'PORT', 'Local port of a TCP or UDP socket.'),
  f('fd.rport', 'PORT', 'Remote port of a TCP or UDP socket.'),
  f('fd.l4proto', 'CHARBUF', 'Transport protocol of the socket: tcp, udp, icmp or raw.'),
  f('fd.sockfamily', 'CHARBUF', 'Family of the socket: ip or unix.'),
  f('fd.is_server', 'BOOL', 'true when the process holding the descriptor is the server end of the connection.'),
  f('fd.uid', 'CHARBUF', 'Identifier of the descriptor unique across threads: the fd number joined with the thread id.'),
  f('fd.containername', 'CHARBUF', 'Container id joined with fd.name, to tell which container a descriptor belongs to.'),
  f('fd.containerdirectory', 'CHARBUF', 'Container id joined with fd.directory, to tell which container a directory belongs to.'),
  f('fd.proto', 'PORT', 'Matches when either the client or the server protocol of the socket equals the value.', eitherEnd),
  f('fd.cproto', 'CHARBUF', 'Client application protocol of a TCP or UDP socket (service name of the port).'),
  f('fd.sproto', 'CHARBUF', 'Server application protocol of a TCP or UDP socket (service name of the port).'),
  f('fd.lproto', 'CHARBUF', 'Local application protocol of a TCP or UDP socket (service name of the port).'),
  f('fd.rproto', 'CHARBUF', 'Remote application protocol of a TCP or UDP socket (service name of the port).'),
  f('fd.net', 'IPNET', 'Matches when either the client or the server address of the socket is in the given network (CIDR).', eitherEnd),
  f('fd.cnet', 'IPNET', 'Matches when the client address of the socket is in the given network (CIDR).', eitherEnd),
  f('fd.snet', 'IPNET', 'Matches when the server address of the socket is in the given network (CIDR).', eitherEnd),
  f('fd.lnet', 'IPNET', 'Matches when the local address of the socket is in the given network (CIDR).', eitherEnd),
  f('fd.rnet', 'IPNET', 'Matches when the remote address of the socket is in the given network (CIDR).', eitherEnd),
  f('fd.connected', 'BOOL', 'For a TCP or UDP socket, true once it is connected.'),
  f('fd.name_changed', 'BOOL', 'true when the event changed the name of the descriptor it uses, e.g. a UDP socket whose connection tuple changed.'),
  f('fd.cip.name', 'CHARBUF', 'Domain name that resolves to the client IP address. Only the names that rule conditions compare this field with are known: they are resolved at start-up and then in the background, and the field gives the first of them whose addresses include the client address.', dnsName),
  f('fd.sip.name', 'CHARBUF', 'Domain name that resolves to the server IP address. Only the names that rule conditions compare this field with are known: they are resolved at start-up and then in the background, and the field gives the first of them whose addresses include the server address.', dnsName),
  f('fd.lip.name', 'CHARBUF', 'Domain name that resolves to the local IP address. Only the names that rule conditions compare this field with are known: they are resolved at start-up and then in the background, and the field gives the first of them whose addresses include the local address.', dnsName),
  f('fd.rip.name', 'CHARBUF', 'Domain name that resolves to the remote IP address. Only the names that rule conditions compare this field with are known: they are resolved at start-up and then in the background, and the field gives the first of them whose addresses include the remote address.', dnsName),
  f('fd.dev', 'INT32', 'Device number (major and minor) of the device holding the file.'),
  f('fd.dev.major', 'INT32', 'Major number of the device holding the file.'),
  f('fd.dev.minor', 'INT32', 'Minor number of the device holding the file.'),
  f('fd.ino', 'INT64', 'Inode number of the file.'),
  f('fd.nameraw', 'CHARBUF', 'For a file, the path as the program passed it, barely cleaned up and not made absolute.'),
  f('fd.types', 'CHARBUF', 'List of the kinds (fd.type) of the descriptors the event uses; fd.types[N] gives the kind of descriptor N alone, as a one-item list.', { isList: true, arg: 'index-optional', noRhs: true }),
  f('fd.is_upper_layer', 'BOOL', 'true when the file lives in the upper (writable) layer of an overlay filesystem.'),
  f('fd.is_lower_layer', 'BOOL', 'true when the file lives in a lower (image) layer of an overlay filesystem.'),
];
