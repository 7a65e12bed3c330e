using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Letters.Features.Webhooks;

/// <summary>
/// The one guard for every request the service makes to an address a client gave (webhooks today): at connect time,
/// after the name is resolved, every address that is not globally routable unicast is refused — the IANA
/// special-purpose registries for IPv4 and IPv6, with an IPv4 address carried inside an IPv6 one (mapped, NAT64,
/// 6to4, Teredo) judged as that IPv4 address — and so is every address of this host's own interfaces. The socket
/// connects to an address that passed, so a DNS answer that changes between check and connect cannot smuggle in a
/// private one. Development may allow private addresses (receivers on this machine); production does not.
/// </summary>
public static class AddressGuard
{
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint target, bool allowPrivate, CancellationToken ct)
    {
        var host = target.Host.TrimEnd('.');
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = addresses.Where(a => allowPrivate || IsPublic(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new BlockedAddressException(target.Host, addresses);
        }

        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, target.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
        }

        throw last!;
    }

    /// <summary>True only for a globally routable unicast address that is not one of this host's own.</summary>
    public static bool IsPublic(IPAddress address) => IsGlobal(address) && !OwnAddresses().Contains(Canonical(address));

    /// <summary>
    /// Whether the special-purpose registries leave the address globally reachable: IPv4 per RFC 6890 and the IANA
    /// IPv4 Special-Purpose Address Registry, IPv6 per the IANA IPv6 Special-Purpose Address Registry (global unicast
    /// is 2000::/3 less its special blocks).
    /// </summary>
    public static bool IsGlobal(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !Ipv4Special.Any(block => block.Contains(address));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        if (Embedded(address) is { } v4)
        {
            return IsGlobal(v4);
        }

        var bytes = address.GetAddressBytes();

        // Only 2000::/3 is global unicast; everything else (::, ::1, fc00::/7, fe80::/10, ff00::/8, 100::/64 …) is not.
        return (bytes[0] & 0xE0) == 0x20 && !Ipv6Special.Any(block => block.Contains(address));
    }

    /// <summary>
    /// The IPv4 address an IPv6 address carries, for the forms that route to it: mapped, IPv4-compatible, NAT64 and
    /// 6to4. (Teredo's relays are not ours to judge: 2001::/32 is refused whole.)
    /// </summary>
    public static IPAddress? Embedded(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        if (Nat64.Contains(address) || Nat64Local.Contains(address) || IPv4Compatible.Contains(address) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback))
        {
            return new IPAddress(b.AsSpan(12, 4));
        }

        if (SixToFour.Contains(address))
        {
            return new IPAddress(b.AsSpan(2, 4));
        }

        return null;
    }

    private static IPAddress Canonical(IPAddress address) => Embedded(address) ?? address;

    private static readonly Block[] Ipv4Special =
    [
        new("0.0.0.0/8"), // "this network"
        new("10.0.0.0/8"), // private
        new("100.64.0.0/10"), // shared address space (carrier-grade NAT)
        new("127.0.0.0/8"), // loopback
        new("169.254.0.0/16"), // link-local
        new("172.16.0.0/12"), // private
        new("192.0.0.0/24"), // IETF protocol assignments
        new("192.0.2.0/24"), // TEST-NET-1
        new("192.31.196.0/24"), // AS112-v4
        new("192.52.193.0/24"), // AMT
        new("192.88.99.0/24"), // deprecated 6to4 relay anycast
        new("192.168.0.0/16"), // private
        new("192.175.48.0/24"), // direct delegation AS112
        new("198.18.0.0/15"), // benchmarking
        new("198.51.100.0/24"), // TEST-NET-2
        new("203.0.113.0/24"), // TEST-NET-3
        new("224.0.0.0/4"), // multicast
        new("240.0.0.0/4"), // reserved, and the limited broadcast address
    ];

    private static readonly Block Nat64 = new("64:ff9b::/96");
    private static readonly Block Nat64Local = new("64:ff9b:1::/48");
    private static readonly Block IPv4Compatible = new("::/96");
    private static readonly Block SixToFour = new("2002::/16");

    private static readonly Block[] Ipv6Special =
    [
        new("2001::/23"), // IETF protocol assignments (Teredo, benchmarking, ORCHID …)
        new("2001:db8::/32"), // documentation
        new("3fff::/20"), // documentation
        new("2620:4f:8000::/48"), // direct delegation AS112
        new("5f00::/16"), // segment routing (SRv6) SIDs
    ];

    /// <summary>This host's own addresses, read at most every half minute (an interface may come and go).</summary>
    private static HashSet<IPAddress> OwnAddresses()
    {
        var now = Environment.TickCount64;
        var known = own;
        if (known is not null && now - known.ReadAt < 30_000)
        {
            return known.Addresses;
        }

        HashSet<IPAddress> addresses;
        try
        {
            addresses = [.. NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Select(u => Canonical(u.Address.IsIPv6LinkLocal ? new IPAddress(u.Address.GetAddressBytes()) : u.Address))];
        }
        catch (NetworkInformationException)
        {
            addresses = [];
        }

        own = new Own(now, addresses);
        return addresses;
    }

    private static Own? own;

    private sealed record Own(long ReadAt, HashSet<IPAddress> Addresses);

    /// <summary>A CIDR block.</summary>
    private sealed class Block
    {
        private readonly byte[] network;
        private readonly int prefix;

        public Block(string cidr)
        {
            var parts = cidr.Split('/');
            network = IPAddress.Parse(parts[0]).GetAddressBytes();
            prefix = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool Contains(IPAddress address)
        {
            var bytes = address.GetAddressBytes();
            if (bytes.Length != network.Length)
            {
                return false;
            }

            var whole = prefix / 8;
            if (!bytes.AsSpan(0, whole).SequenceEqual(network.AsSpan(0, whole)))
            {
                return false;
            }

            var rest = prefix % 8;
            if (rest == 0)
            {
                return true;
            }

            var mask = (byte)(0xFF << (8 - rest));
            return (bytes[whole] & mask) == (network[whole] & mask);
        }
    }
}

public sealed class BlockedAddressException(string host, IReadOnlyList<IPAddress> addresses)
    : IOException($"{host} resolves only to addresses webhooks may not reach ({string.Join(", ", addresses)}).");
