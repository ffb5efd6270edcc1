using System.Text;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Jobs;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Domain.Imports;
using FluentValidation;
using FluentValidation.Results;
using Mediator;

namespace CustomerRetention.Application.Imports.StartImport;

/// <summary>
/// Upload a file and queue its import (SPEC §10.2): the file is stored with the job in one
/// transaction; a background worker of any instance runs it.
/// </summary>
public sealed record StartImportCommand(string? Kind, ImportFormat Format, Stream File, string Actor) : ICommand<ImportDto>;

public sealed class StartImportHandler(
    IApplicationDbContext db, IImportUploads uploads, ImportSettings settings, IMapper mapper, TimeProvider clock, IOwnerScope scope, IJobSignal<ImportsJob> signal)
    : ICommandHandler<StartImportCommand, ImportDto>
{
    private const int HeaderBytes = 64 * 1024;

    public async ValueTask<ImportDto> Handle(StartImportCommand command, CancellationToken cancellationToken)
    {
        var kind = StartImportValidator.KindOf(command.Kind);
        var now = clock.UtcNowMicroseconds();
        var id = Guid.CreateVersion7(now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var file = new FirstLineStream(command.File, HeaderBytes);
        var bytes = await uploads.StoreAsync(id, file, settings.MaxBytes, cancellationToken);
        if (command.Format == ImportFormat.Csv)
        {
            var header = file.FirstLine();
            var problems = header.Length == 0
                ? ["The file is empty: a CSV import starts with a header row."]
                : kind == ImportKind.Orders
                    ? OrderImportRows.HeaderProblems(ImportRowReading.ReadHeader(header))
                    : CustomerImportRows.HeaderProblems(ImportRowReading.ReadHeader(header));
            if (problems.Count > 0)
            {
                throw new ValidationException(problems.Select(p => new ValidationFailure("file", p)));
            }
        }

        var job = ImportJob.Queue(id, kind, command.Format, bytes, command.Actor, scope.OwnerId, now);
        db.ImportJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Notify();
        return mapper.Map<ImportDto>(job);
    }

    /// <summary>Passes a stream through and keeps its first line (at most a few KiB), so the CSV header is checked without reading the file twice.</summary>
    private sealed class FirstLineStream(Stream inner, int limit) : Stream
    {
        private readonly MemoryStream _head = new();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public string FirstLine()
        {
            var text = Encoding.UTF8.GetString(_head.GetBuffer(), 0, (int)_head.Length);
            var end = text.IndexOf('\n', StringComparison.Ordinal);
            return (end < 0 ? text : text[..end]).TrimEnd('\r');
        }

        public override int Read(byte[] buffer, int offset, int count) => Keep(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Keep(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _head.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Keep(ReadOnlySpan<byte> read)
        {
            if (_head.Length < limit)
            {
                _head.Write(read[..Math.Min(read.Length, limit - (int)_head.Length)]);
            }

            return read.Length;
        }
    }
}
