namespace Clv.Probabilistic.ClickHouse.Tests;

/// <summary>
/// The two ClickHouse shards tests/servers/start.sh starts (cluster <c>clv_two_shards</c>). URLs come from the environment
/// (CLV_CLICKHOUSE, CLV_CLICKHOUSE_SHARD2, CLV_CLICKHOUSE_CLUSTER) or from the servers.env file the script writes.
/// </summary>
internal static class ClickHouseServers
{
    public const string StartCommand = "tests/servers/start.sh";
    private static readonly string[] Names = ["CLV_CLICKHOUSE", "CLV_CLICKHOUSE_SHARD2", "CLV_CLICKHOUSE_CLUSTER"];

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Settings = new(Load);
    private static readonly Lazy<string?> Problem = new(Probe);

    /// <summary>Shard 1, where Distributed tables are created and queried.</summary>
    public static string Shard1 => Setting("CLV_CLICKHOUSE");

    public static string Shard2 => Setting("CLV_CLICKHOUSE_SHARD2");

    public static string Cluster => Setting("CLV_CLICKHOUSE_CLUSTER");

    /// <summary>Null when shard 1 answers; otherwise why not.</summary>
    public static string? Unavailable => Problem.Value;

    private static string Setting(string name) =>
        Settings.Value.TryGetValue(name, out var value) ? value
        : throw new InvalidOperationException($"{name} is not set and no servers.env was found: run {StartCommand}.");

    private static IReadOnlyDictionary<string, string> Load()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        string dir = Environment.GetEnvironmentVariable("CLV_SERVERS_DIR") is { Length: > 0 } d ? d
            : Path.Combine(Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } t ? t : "/tmp", "clv-servers");
        string file = Path.Combine(dir, "servers.env");
        if (File.Exists(file))
            foreach (var line in File.ReadAllLines(file))
            {
                int eq = line.IndexOf('=');
                if (eq > 0) settings[line[..eq]] = line[(eq + 1)..].Trim('\'');
            }
        foreach (var name in Names)
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value) settings[name] = value;
        return settings;
    }

    private static string? Probe()
    {
        if (!Settings.Value.ContainsKey("CLV_CLICKHOUSE")) return "no connection settings (CLV_CLICKHOUSE or servers.env)";
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            string answer = client.GetStringAsync(new Uri(new Uri(Shard1), "ping")).GetAwaiter().GetResult();
            return answer.Trim() == "Ok." ? null : "unexpected answer to /ping: " + answer;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            return e.Message;
        }
    }
}

/// <summary>
/// A test that needs the local ClickHouse shards. Off CI it is skipped, with the command that starts them, when they do
/// not answer; under CI (<c>CI=true</c>, where .ci/run starts them) it always runs, so a missing server fails.
/// </summary>
public sealed class ClickHouseFactAttribute : FactAttribute
{
    public ClickHouseFactAttribute()
    {
        if (!OnCi() && ClickHouseServers.Unavailable is { } why)
            Skip = $"ClickHouse test servers not reachable ({why}): run {ClickHouseServers.StartCommand} (stop with tests/servers/stop.sh).";
    }

    internal static bool OnCi() => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A theory needing the local ClickHouse shards (see <see cref="ClickHouseFactAttribute"/>).</summary>
public sealed class ClickHouseTheoryAttribute : TheoryAttribute
{
    public ClickHouseTheoryAttribute()
    {
        if (!ClickHouseFactAttribute.OnCi() && ClickHouseServers.Unavailable is { } why)
            Skip = $"ClickHouse test servers not reachable ({why}): run {ClickHouseServers.StartCommand} (stop with tests/servers/stop.sh).";
    }
}
