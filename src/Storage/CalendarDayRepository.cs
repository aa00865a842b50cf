using Npgsql;

namespace GridLine.Storage;

/// <summary>A calendar exception: a public holiday (not a workday) or a make-up workday (调休, a weekend day worked).</summary>
public sealed record CalendarDay(DateOnly Day, bool IsWorkday, string Name);

/// <summary>Public holidays and make-up workdays, editable by admins; days not listed follow the weekly pattern.</summary>
public sealed class CalendarDayRepository(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<CalendarDay>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select day, is_workday, name from calendar_day order by day", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // Read by hand: Dapper does not map DateOnly columns.
        var days = new List<CalendarDay>();
        while (await reader.ReadAsync(cancellationToken))
            days.Add(new CalendarDay(reader.GetFieldValue<DateOnly>(0), reader.GetBoolean(1), reader.GetString(2)));
        return days;
    }

    /// <summary>Creates or replaces the entry for one day.</summary>
    public async Task UpsertAsync(CalendarDay day, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            insert into calendar_day (day, is_workday, name) values (@day, @isWorkday, @name)
            on conflict (day) do update set is_workday = excluded.is_workday, name = excluded.name
            """, connection);
        command.Parameters.AddWithValue("day", day.Day);
        command.Parameters.AddWithValue("isWorkday", day.IsWorkday);
        command.Parameters.AddWithValue("name", day.Name);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Removes a day's entry, so it follows the weekly pattern again. Returns false when there was none.</summary>
    public async Task<bool> DeleteAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("delete from calendar_day where day = @day", connection);
        command.Parameters.AddWithValue("day", day);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
