using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace AttrTune.EndToEnd.Tests;

/// <summary>
/// A loopback TCP proxy that misbehaves between clients and a server on this machine: it drops some of the server's
/// replies together with their connection (the server did the work, the client never hears of it), resets idle and
/// busy connections at random moments, refuses some new connections, delays the start of others and delays bytes in
/// flight. Loopback only, and its faults stop when it is disposed.
/// </summary>
/// <remarks>
/// A drop resets both sides at once (RST, not FIN): the client sees its connection broken mid-call, and the server
/// sees its client gone and rolls back whatever transaction the connection had open, so no lock is left held by a
/// connection nobody uses. Bytes keep their order: each direction is forwarded by one loop, which may pause before
/// writing a chunk. Replies are dropped in proportion to the traffic, not the time, so a slow (loaded) machine sees
/// the same share of calls fail as a fast one.
/// </remarks>
public sealed class FaultyProxy : IDisposable
{
    private readonly int _upstreamPort;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, Link> _links = new();
    private readonly Random _random;
    private readonly TimeSpan _minDropInterval;
    private readonly TimeSpan _maxDropInterval;
    private readonly double _refuseFraction;
    private readonly double _replyDropFraction;
    private readonly double _delayFraction;
    private readonly TimeSpan _maxDelay;
    private readonly Task _accepting;
    private readonly Task _dropping;
    private int _nextLink;
    private int _connections;
    private int _refused;
    private int _drops;
    private int _dropsAwaitingReply;
    private int _repliesDropped;
    private int _delays;
    private volatile bool _faultsOn = true;

    /// <summary>Starts the proxy on a free loopback port, forwarding to <paramref name="upstreamPort"/> on 127.0.0.1.</summary>
    /// <param name="upstreamPort">The server's port.</param>
    /// <param name="seed">Seeds every random choice of the proxy.</param>
    /// <param name="minDropInterval">The shortest pause between two drops of a live connection.</param>
    /// <param name="maxDropInterval">The longest pause between two drops.</param>
    /// <param name="refuseFraction">The fraction of new connections reset at once, before a byte is forwarded.</param>
    /// <param name="replyDropFraction">The fraction of the server's chunks not forwarded: the connection is reset instead.</param>
    /// <param name="delayFraction">The fraction of chunks (and of new connections) held back before they are forwarded.</param>
    /// <param name="maxDelay">The longest a chunk or a new connection is held back.</param>
    public FaultyProxy(int upstreamPort, int seed, TimeSpan minDropInterval, TimeSpan maxDropInterval, double refuseFraction, double replyDropFraction, double delayFraction, TimeSpan maxDelay)
    {
        _upstreamPort = upstreamPort;
        _random = new Random(seed);
        _minDropInterval = minDropInterval;
        _maxDropInterval = maxDropInterval;
        _refuseFraction = refuseFraction;
        _replyDropFraction = replyDropFraction;
        _delayFraction = delayFraction;
        _maxDelay = maxDelay;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
        _dropping = Task.Run(DropAsync);
    }

    /// <summary>The port clients connect to.</summary>
    public int Port { get; }

    /// <summary>Connections accepted and forwarded.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Connections reset as soon as they were accepted.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Live connections reset (both sides) at a random moment after they had carried bytes.</summary>
    public int Drops => Volatile.Read(ref _drops);

    /// <summary>Server replies never forwarded, their connection reset instead: calls whose work was done, unknown to the client.</summary>
    public int RepliesDropped => Volatile.Read(ref _repliesDropped);

    /// <summary>Drops that came while the client waited for the server's reply: the outcome of its call unknown to it.</summary>
    public int DropsAwaitingReply => Volatile.Read(ref _dropsAwaitingReply);

    /// <summary>Chunks and connection starts held back.</summary>
    public int Delays => Volatile.Read(ref _delays);

    /// <summary>Stops dropping, refusing and delaying; connections already open go on.</summary>
    public void StopFaults() => _faultsOn = false;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"proxy :{Port} -> :{_upstreamPort}: {Connections} connections, {Refused} refused, {RepliesDropped} dropped with a server reply, {Drops} more dropped at random moments ({DropsAwaitingReply} awaiting the server's reply), {Delays} delays");

    /// <inheritdoc />
    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _listener.Stop();
        foreach (Link link in _links.Values)
        {
            link.Reset();
        }

        // Both loops end at the cancellation; a bounded wait, so a stuck socket cannot hang the test.
        Task.WaitAny([Task.WhenAll(_accepting, _dropping)], TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private double NextDouble()
    {
        lock (_random)
        {
            return _random.NextDouble();
        }
    }

    private TimeSpan Between(TimeSpan min, TimeSpan max) => min + ((max - min) * NextDouble());

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        client.NoDelay = true;
        if (_faultsOn && NextDouble() < _refuseFraction)
        {
            Interlocked.Increment(ref _refused);
            Link.Reset(client);
            return;
        }

        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (_faultsOn && NextDouble() < _delayFraction)
            {
                Interlocked.Increment(ref _delays);
                await Task.Delay(Between(TimeSpan.Zero, _maxDelay), _stop.Token).ConfigureAwait(false);
            }

            await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _upstreamPort), _stop.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The server is down (or the proxy stopping): the client sees its connection reset, as with no server.
            Link.Reset(client);
            Link.Reset(server);
            return;
        }

        Interlocked.Increment(ref _connections);
        int id = Interlocked.Increment(ref _nextLink);
        var link = new Link(client, server);
        _links[id] = link;
        await Task.WhenAll(PumpAsync(link, client, server, toServer: true), PumpAsync(link, server, client, toServer: false)).ConfigureAwait(false);
        _links.TryRemove(id, out _);
        link.Reset();
    }

    private async Task PumpAsync(Link link, Socket from, Socket to, bool toServer)
    {
        byte[] buffer = new byte[16384];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                link.Saw(toServer);
                if (!toServer && _faultsOn && NextDouble() < _replyDropFraction)
                {
                    if (link.Reset())
                    {
                        Interlocked.Increment(ref _repliesDropped);
                    }

                    break;
                }

                if (_faultsOn && NextDouble() < _delayFraction)
                {
                    Interlocked.Increment(ref _delays);
                    await Task.Delay(Between(TimeSpan.Zero, _maxDelay), _stop.Token).ConfigureAwait(false);
                }

                for (int sent = 0; sent < read;)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Dropped, closed by the other side, or the proxy stopping: the link ends below.
        }

        // One side is done: end both, so neither the client nor the server waits on a half-open connection.
        link.Reset();
    }

    private async Task DropAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Between(_minDropInterval, _maxDropInterval), _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (!_faultsOn)
            {
                continue;
            }

            Link[] live = _links.Values.Where(l => l.CarriedBytes).ToArray();
            if (live.Length == 0)
            {
                continue;
            }

            Link victim = live[(int)(NextDouble() * live.Length)];
            bool awaitingReply = victim.AwaitingReply;
            if (victim.Reset())
            {
                Interlocked.Increment(ref _drops);
                if (awaitingReply)
                {
                    Interlocked.Increment(ref _dropsAwaitingReply);
                }
            }
        }
    }

    // Both sockets of one proxied connection, and which side spoke last.
    private sealed class Link(Socket client, Socket server)
    {
        private long _lastToServer;
        private long _lastToClient;
        private int _reset;

        public bool CarriedBytes => Volatile.Read(ref _lastToClient) != 0;

        // The client spoke after the server's last reply: a call is in flight.
        public bool AwaitingReply => Volatile.Read(ref _lastToServer) > Volatile.Read(ref _lastToClient);

        public void Saw(bool toServer)
        {
            long now = Stopwatch.GetTimestamp();
            if (toServer)
            {
                Volatile.Write(ref _lastToServer, now);
            }
            else
            {
                Volatile.Write(ref _lastToClient, now);
            }
        }

        /// <summary>Resets both sockets; false if the link was already ended.</summary>
        public bool Reset()
        {
            if (Interlocked.Exchange(ref _reset, 1) == 1)
            {
                return false;
            }

            Reset(client);
            Reset(server);
            return true;
        }

        // Linger 0 makes Close send RST: the peer's next read or write fails at once, as when a network path dies.
        public static void Reset(Socket socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }

            socket.Close();
        }
    }
}
