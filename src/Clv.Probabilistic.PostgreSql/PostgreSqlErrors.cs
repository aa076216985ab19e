using System.Net.Sockets;
using Clv.Probabilistic.Data;
using Npgsql;

namespace Clv.Probabilistic.PostgreSql;

/// <summary>Turns Npgsql's failures into errors that name the engine, the source and what to do.</summary>
internal static class PostgreSqlErrors
{
    /// <summary>Opens a connection; an unreachable server is an <see cref="IOException"/> naming host and port.</summary>
    public static NpgsqlConnection Open(NpgsqlDataSource dataSource, string source)
    {
        var connection = dataSource.CreateConnection();
        try
        {
            connection.Open();
            return connection;
        }
        catch (Exception e) when (e is SocketException or TimeoutException || (e is NpgsqlException and not PostgresException))
        {
            connection.Dispose();
            throw Unreachable(dataSource, source, e);
        }
        catch (PostgresException e)
        {
            connection.Dispose();
            throw new IOException($"postgres: the server at {Where(dataSource)} refused the connection for {source}: {e.MessageText} (SQLSTATE {e.SqlState}).", e);
        }
    }

    /// <summary>Runs a query; a server that goes away mid-stream, or an error the server reports, names the source.</summary>
    public static void Run(string source, Action action)
    {
        try
        {
            action();
        }
        catch (PostgresException e) when (e.SqlState.StartsWith("08", StringComparison.Ordinal) || e.SqlState.StartsWith("57", StringComparison.Ordinal))
        {
            // Connection exception or operator intervention (shutdown, terminated backend): the server went away.
            throw new IOException($"postgres: the server ended the connection while working on {source}: {e.MessageText} (SQLSTATE {e.SqlState}).", e);
        }
        catch (PostgresException e)
        {
            throw new ClvDataException($"The server reported an error: {e.MessageText} (SQLSTATE {e.SqlState}){(e.Detail is { } d ? ": " + d : "")}.", source);
        }
        catch (NpgsqlException e)
        {
            throw new IOException($"postgres: the connection to the server broke while reading {source}: {e.Message}", e);
        }
    }

    private static IOException Unreachable(NpgsqlDataSource dataSource, string source, Exception e) =>
        new($"postgres: cannot reach the server at {Where(dataSource)} to read {source}: {e.Message}", e);

    private static string Where(NpgsqlDataSource dataSource)
    {
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return $"{builder.Host}:{builder.Port} (database {builder.Database ?? builder.Username})";
    }
}
