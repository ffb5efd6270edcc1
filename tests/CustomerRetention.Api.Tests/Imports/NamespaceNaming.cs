using System.Diagnostics.CodeAnalysis;

// "Imports" is a Visual Basic keyword; the tests mirror the module's name.
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespaceanddescendants", Target = "~N:CustomerRetention.Api.Tests.Imports", Justification = "The module's name; C# only.")]
