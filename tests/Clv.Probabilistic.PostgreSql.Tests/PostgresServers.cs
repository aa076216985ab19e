using Npgsql;

namespace Clv.Probabilistic.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL servers tests/servers/start.sh starts: a coordinator and two shards it reaches through postgres_fdw
/// (foreign servers shard1 and shard2). Connection strings come from the environment (CLV_POSTGRES, CLV_POSTGRES_SHARD1,
/// CLV_POSTGRES_SHARD2) or from the servers.env file the script writes.
/// </summary>
internal static class PostgresServers
{
    public const string StartCommand = "tests/servers/start.sh";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Settings = new(Load);
    private static readonly Lazy<string?> Problem = new(Probe);

    public static string Coordinator => Setting("CLV_POSTGRES");

    public static string Shard(int k) => Setting($"CLV_POSTGRES_SHARD{k}");

    /// <summary>Null when the coordinator answers; otherwise why not.</summary>
    public static string? Unavailable => Problem.Value;

    public static NpgsqlDataSource CoordinatorSource() => NpgsqlDataSource.Create(Coordinator);

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
        foreach (var name in new[] { "CLV_POSTGRES", "CLV_POSTGRES_SHARD1", "CLV_POSTGRES_SHARD2" })
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value) settings[name] = value;
        return settings;
    }

    private static string? Probe()
    {
        if (!Settings.Value.ContainsKey("CLV_POSTGRES")) return "no connection settings (CLV_POSTGRES or servers.env)";
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(Coordinator) { Timeout = 3 };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            return e.Message;
        }
    }
}

/// <summary>
/// A test that needs the local PostgreSQL servers. Off CI it is skipped, with the command that starts them, when they
/// do not answer; under CI (<c>CI=true</c>, where .ci/run starts them) it always runs, so a missing server fails.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!OnCi() && PostgresServers.Unavailable is { } why)
            Skip = $"PostgreSQL test servers not reachable ({why}): run {PostgresServers.StartCommand} (stop with tests/servers/stop.sh).";
    }

    internal static bool OnCi() => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A theory needing the local PostgreSQL servers (see <see cref="PostgresFactAttribute"/>).</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (!PostgresFactAttribute.OnCi() && PostgresServers.Unavailable is { } why)
            Skip = $"PostgreSQL test servers not reachable ({why}): run {PostgresServers.StartCommand} (stop with tests/servers/stop.sh).";
    }
}
