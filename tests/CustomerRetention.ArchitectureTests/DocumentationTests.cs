using System.Text.RegularExpressions;

namespace CustomerRetention.ArchitectureTests;

/// <summary>
/// The repository documents itself: README and docs/ cite no document a user of the repository
/// does not have, and README links to the API conventions it summarises.
/// </summary>
public sealed partial class DocumentationTests
{
    [Fact]
    public void README_and_docs_cite_nothing_outside_the_repository()
    {
        var root = RepositoryRoot();
        var files = Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories)
            .Append(Path.Combine(root, "README.md"));
        var offenders = files
            .SelectMany(file => File.ReadAllLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(l => OutsideReference().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(root, l.file)}:{l.number}: {l.line.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "references outside the repository:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void README_links_to_the_API_conventions()
    {
        var root = RepositoryRoot();
        Assert.True(File.Exists(Path.Combine(root, "docs", "api.md")));
        Assert.Contains("](docs/api.md)", File.ReadAllText(Path.Combine(root, "README.md")), StringComparison.Ordinal);
    }

    // "../shared", "SPEC §7", a bare "API.md" or "STACK.md" (docs/api.md itself is in the repository).
    [GeneratedRegex(@"\.\./shared|\bSPEC\s*§|(?<![/\w])API\.md|\bSTACK\.md")]
    private static partial Regex OutsideReference();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "README.md")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (README.md) was not found above " + AppContext.BaseDirectory);
    }
}
