using System.Diagnostics.CodeAnalysis;

// "Imports" is a Visual Basic keyword; the module is named for the product's feature (SPEC §10.2)
// and is consumed from C# only, over HTTP by everyone else.
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespaceanddescendants", Target = "~N:CustomerRetention.Domain.Imports", Justification = "The module's name; C# only.")]
