"""Forms in the style of the NL Design System, shared by the work and import screens."""

from django import forms

# NL Design System (Utrecht) classes per widget, so the fields match the rest of the site.
_KLASSEN = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.TextInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.DateInput: "utrecht-textbox utrecht-textbox--html-input",
}


class NLDSForm:
    """Utrecht classes on the widgets; a field with an error points screen readers at its message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in self.fields.values():
            klasse = _KLASSEN.get(type(veld.widget))
            if klasse:
                veld.widget.attrs.setdefault("class", klasse)

    def full_clean(self):
        super().full_clean()
        for naam in self.errors:
            if naam in self.fields:
                id_ = self[naam].auto_id
                uitleg = [f"{id_}_fout"] + ([f"{id_}_helptext"] if self.fields[naam].help_text else [])
                self.fields[naam].widget.attrs["aria-describedby"] = " ".join(uitleg)
