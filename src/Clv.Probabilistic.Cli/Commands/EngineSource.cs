using System.CommandLine;
using Clv.Probabilistic.ClickHouse;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.PostgreSql;
using Npgsql;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary>
/// The options that point a command at a transaction log living in a database engine (<c>--engine</c>,
/// <c>--connection</c>, <c>--table</c> or <c>--query</c>), shared by <c>clv summarize</c> and <c>clv fit</c>.
/// </summary>
internal sealed class EngineSource
{
    public Option<string?> Engine { get; } = new("--engine") { Description = "Where the transaction log lives: 'postgres' (summarised inside PostgreSQL: a table, a partitioned table, postgres_fdw shards or a query), 'clickhouse' (inside ClickHouse: a MergeTree or Distributed table or a query, over HTTP) or 'duckdb' (inside DuckDB: --input a Parquet or CSV file, or --table/--query in the --connection database file). Without it the command reads --input in process." };
    public Option<string?> Connection { get; } = new("--connection") { Description = "With --engine: the connection string (for postgres, for example 'Host=db;Username=clv;Database=sales'; for clickhouse the HTTP URL, for example 'http://db:8123/?database=sales&user=clv'; for duckdb a database file, default in memory)." };
    public Option<string?> Table { get; } = new("--table") { Description = "With --engine: the transactions table (schema.table; quote mixed-case names)." };
    public Option<string?> Query { get; } = new("--query") { Description = "With --engine: a query returning the transaction columns, instead of --table." };

    public IEnumerable<Option> All => [Engine, Connection, Table, Query];

    /// <summary>Whether --engine was given.</summary>
    public bool Given(ParseResult parse) => parse.GetValue(Engine) is not null;

    /// <summary>The engine's transaction log; dispose the returned handle after use.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="customerColumn">Customer id column.</param>
    /// <param name="dateColumn">Date column.</param>
    /// <param name="amountColumn">Amount column.</param>
    /// <param name="allowNegative">Accept negative amounts.</param>
    /// <param name="input">The command's --input: with --engine duckdb a Parquet or CSV transaction file.</param>
    /// <param name="dateFormat">The command's --date-format, for a CSV file read by DuckDB.</param>
    /// <param name="delimiter">The command's --delimiter, for a CSV file read by DuckDB.</param>
    public (IEngineTransactionLog Log, IDisposable Handle) Open(ParseResult parse, string customerColumn, string dateColumn, string? amountColumn, bool allowNegative,
        string? input = null, string? dateFormat = null, string? delimiter = null)
    {
        string engine = parse.GetValue(Engine)!.Trim().ToLowerInvariant();
        string? table = parse.GetValue(Table), query = parse.GetValue(Query);
        if (engine == "duckdb")
            return DuckDbEngine.Open(parse.GetValue(Connection), input, table, query,
                new Clv.Probabilistic.DuckDb.DuckDbTransactionColumns
                {
                    CustomerColumn = customerColumn,
                    DateColumn = dateColumn,
                    AmountColumn = amountColumn,
                    AllowNegativeAmounts = allowNegative,
                    DateFormat = DuckDbEngine.DateFormat(dateFormat),
                }, delimiter);
        if (input is not null) throw new ArgumentException($"--input is not read with --engine {engine}: give --table or --query.");
        string connection = parse.GetValue(Connection) ?? throw new ArgumentException("--engine needs --connection.");
        if ((table is null) == (query is null)) throw new ArgumentException("--engine needs exactly one of --table and --query.");
        switch (engine)
        {
            case "postgres" or "postgresql":
                var columns = new PostgreSqlTransactionColumns
                {
                    CustomerColumn = customerColumn,
                    DateColumn = dateColumn,
                    AmountColumn = amountColumn,
                    AllowNegativeAmounts = allowNegative,
                };
                var db = DataSource(connection);
                return (table is not null ? PostgreSqlTransactionLog.Table(db, PostgreSqlSql.SplitName(table), columns)
                    : PostgreSqlTransactionLog.Query(db, query!, columns), db);
            case "clickhouse":
                var server = ClickHouse(connection);
                var chColumns = new ClickHouseTransactionColumns
                {
                    CustomerColumn = customerColumn,
                    DateColumn = dateColumn,
                    AmountColumn = amountColumn,
                    AllowNegativeAmounts = allowNegative,
                };
                return (table is not null ? ClickHouseTransactionLog.Table(server, ClickHouseSql.SplitName(table), chColumns)
                    : ClickHouseTransactionLog.Query(server, query!, chColumns), server);
            default:
                throw new ArgumentException($"--engine: '{engine}' is not a supported engine (postgres, clickhouse, duckdb).");
        }
    }

    /// <summary>A ClickHouse server from its HTTP URL; a malformed URL is an input error naming the option.</summary>
    public static ClickHouseConnection ClickHouse(string connection)
    {
        try
        {
            return new ClickHouseConnection(connection);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--connection: {e.Message}", e);
        }
    }

    /// <summary>A PostgreSQL data source; a malformed connection string is an input error naming the option.</summary>
    public static NpgsqlDataSource DataSource(string connection)
    {
        try
        {
            return NpgsqlDataSource.Create(connection);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--connection: {e.Message}", e);
        }
    }
}

/// <summary>
/// <c>clv fit --engine</c>: the engine source plus what a summary needs (end, conventions, column names); the fit pulls
/// only the distinct rows its model needs (<see cref="Models.EngineModelData"/>).
/// </summary>
internal sealed class EngineFitSource
{
    public EngineSource Source { get; } = new();
    public Option<string?> ObservationEnd { get; } = new("--observation-end") { Description = "With --engine: last day of observation (yyyy-MM-dd), inclusive." };
    public Option<bool> DropAfterEnd { get; } = new("--drop-after-end") { Description = "With --engine: drop transactions after the observation end instead of failing." };
    public Option<bool> IncludeFirst { get; } = new("--include-first-purchase") { Description = "With --engine: average the first purchase into the monetary value." };
    public Option<bool> AllowNegative { get; } = new("--allow-negative") { Description = "With --engine: accept negative amounts (returns)." };
    public Option<string> CustomerColumn { get; } = new("--customer-column") { Description = "With --engine: customer id column.", DefaultValueFactory = _ => "customer_id" };
    public Option<string> DateColumn { get; } = new("--date-column") { Description = "With --engine: date column.", DefaultValueFactory = _ => "date" };
    public Option<string> AmountColumn { get; } = new("--amount-column") { Description = "With --engine: amount column.", DefaultValueFactory = _ => "amount" };

    public IEnumerable<Option> All => Source.All.Concat([ObservationEnd, DropAfterEnd, IncludeFirst, AllowNegative, CustomerColumn, DateColumn, AmountColumn]);

    /// <summary>How to pull a model's data from the engine, or null without --engine.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="unit">The summary's time unit.</param>
    /// <param name="input">The command's --input: with --engine duckdb a Parquet or CSV transaction file.</param>
    public Func<Models.ModelDefinition, Models.ModelData>? Bind(ParseResult parse, TimeUnit unit, string? input = null)
    {
        if (!Source.Given(parse)) return null;
        var end = SummarizeCommand.ParseDate(parse.GetValue(ObservationEnd) ?? throw new ArgumentException("--engine needs --observation-end."), "--observation-end");
        var options = new SummaryOptions(end, unit)
        {
            DropTransactionsAfterEnd = parse.GetValue(DropAfterEnd),
            IncludeFirstPurchaseInMonetaryValue = parse.GetValue(IncludeFirst),
        };
        return model =>
        {
            var (log, handle) = Source.Open(parse, parse.GetValue(CustomerColumn)!, parse.GetValue(DateColumn)!, parse.GetValue(AmountColumn), parse.GetValue(AllowNegative), input);
            using (handle) return Models.EngineModelData.Prepare(model, log, options);
        };
    }
}
