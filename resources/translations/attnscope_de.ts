<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutPanel</name>
    <message>
        <location filename="../../app/shell/about_panel.cpp" line="+20"/>
        <source>About this view</source>
        <translation>Über diese Ansicht</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>&lt;p&gt;No explanation for this view yet.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Zu dieser Ansicht gibt es noch keine Erklärung.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>AlignmentView</name>
    <message>
        <location filename="../../app/views/alignment_view.cpp" line="+26"/>
        <location line="+88"/>
        <source>argmax</source>
        <translation>argmax</translation>
    </message>
    <message numerus="yes">
        <location line="-64"/>
        <source>  ·  decoding… %n token(s) so far</source>
        <translation>
            <numerusform>  ·  wird decodiert… bisher %n Token</numerusform>
            <numerusform>  ·  wird decodiert… bisher %n Tokens</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 ← %2: %3</source>
        <translation>%1 ← %2: %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>   (strongest: %1, %2)</source>
        <translation>   (am stärksten: %1, %2)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Rows: translation  ·  columns: source  ·  each row sums to 1</source>
        <translation>Zeilen: Übersetzung  ·  Spalten: Quelle  ·  jede Zeile ergibt zusammen 1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>  ·  □ = hard alignment (argmax of the row)</source>
        <translation>  ·  □ = hartes Alignment (argmax der Zeile)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Type a sentence to translate.
Its cross-attention will appear here.</source>
        <translation>Gib einen Satz zum Übersetzen ein.
Hier erscheint seine Cross-Attention.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Translating…</source>
        <translation>Wird übersetzt…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing to show: every token is hidden.</source>
        <translation>Nichts zu zeigen: Alle Tokens sind ausgeblendet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No cross-attention to show for this translation.</source>
        <translation>Für diese Übersetzung gibt es keine Cross-Attention zu zeigen.</translation>
    </message>
</context>
<context>
    <name>AnimationDialog</name>
    <message>
        <location filename="../../app/shell/animation_dialog.cpp" line="+17"/>
        <source>Export animation</source>
        <translation>Animation exportieren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Translation, step by step</source>
        <translation>Übersetzung, Schritt für Schritt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heatmap, layer by layer</source>
        <translation>Heatmap, Layer für Layer</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location line="+12"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Animated GIF</source>
        <translation>Animiertes GIF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Numbered PNG images</source>
        <translation>Nummerierte PNG-Bilder</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Animate:</source>
        <translation>Animieren:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frame size:</source>
        <translation>Bildgröße:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time per frame:</source>
        <translation>Zeit pro Bild:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message numerus="yes">
        <location line="+30"/>
        <source>%n frame(s), one per %1.</source>
        <translation>
            <numerusform>%n Bild, eines pro %1.</numerusform>
            <numerusform>%n Bilder, eines pro %1.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>translated token</source>
        <translation>übersetztes Token</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Translate a sentence in the Translation tab first.</source>
        <translation>Übersetze zuerst einen Satz im Tab „Übersetzung“.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run a sentence first: the heatmap of the current tab is animated.</source>
        <translation>Lass zuerst einen Satz laufen: Animiert wird die Heatmap des aktuellen Tabs.</translation>
    </message>
</context>
<context>
    <name>AttentionLabView</name>
    <message>
        <location filename="../../app/views/attention_lab_view.cpp" line="+47"/>
        <source>Step ▶</source>
        <translation>Schritt ▶</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the next stage of the computation (or press →; ← goes back)</source>
        <translation>Die nächste Stufe der Rechnung zeigen (oder → drücken; ← geht zurück)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All stages</source>
        <translation>Alle Stufen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start again</source>
        <translation>Von vorn</translation>
    </message>
    <message>
        <location line="+162"/>
        <source>Type a sentence: the lab shows how the selected head computes its weights.</source>
        <translation>Tippe einen Satz: Das Labor zeigt, wie der gewählte Head seine Gewichte berechnet.</translation>
    </message>
    <message>
        <location line="+161"/>
        <source>self-attention</source>
        <translation>Self-Attention</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>decoder self-attention (causal)</source>
        <translation>Decoder-Self-Attention (kausal)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cross-attention (target → source)</source>
        <translation>Cross-Attention (Ziel → Quelle)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer %1, head %2, %3: writing “%4”, where it looks%5</source>
        <translation>Layer %1, Head %2, %3: beim Schreiben von „%4“ – wohin es schaut%5</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer %1, head %2, %3: how “%4” spreads its attention%5</source>
        <translation>Layer %1, Head %2, %3: wie „%4“ seine Aufmerksamkeit verteilt%5</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (head switched off)</source>
        <translation> (Head abgeschaltet)</translation>
    </message>
    <message>
        <location line="-146"/>
        <source> · vectors: first %1 of %2 dimensions</source>
        <translation> · Vektoren: die ersten %1 von %2 Dimensionen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> · d = %1</source>
        <translation> · d = %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>wⱼ = softmaxⱼ(q·kⱼ / √d)   output = Σⱼ wⱼ vⱼ</source>
        <translation>wⱼ = softmaxⱼ(q·kⱼ / √d)   Ausgabe = Σⱼ wⱼ vⱼ</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>÷√d</source>
        <translation>÷√d</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>“%1”: q·k = %2, ÷√d = %3, softmax = %4</source>
        <translation>„%1“: q·k = %2, ÷√d = %3, Softmax = %4</translation>
    </message>
    <message>
        <location line="-117"/>
        <source>q: %1</source>
        <translation>q: %1</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>word “%1” × %2</source>
        <translation>Wort „%1“ × %2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>word “%1”</source>
        <translation>Wort „%1“</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>+ position %1</source>
        <translation>+ Position %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>+ position %1 (Positions view)</source>
        <translation>+ Position %1 (Ansicht Positionen)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>+ token type</source>
        <translation>+ Token-Typ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>= input (after LayerNorm)</source>
        <translation>= Eingabe (nach LayerNorm)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>= input</source>
        <translation>= Eingabe</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Layer 0 reads the embeddings (first %1 of %2 dimensions, each row to its own colour scale). Then q = x·W_q + b_q, k = x·W_k + b_k, v = x·W_v + b_v for this head.</source>
        <translation>Layer 0 liest die Embeddings (die ersten %1 von %2 Dimensionen, jede Zeile mit eigener Farbskala). Dann q = x·W_q + b_q, k = x·W_k + b_k, v = x·W_v + b_v für diesen Head.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>keys kⱼ</source>
        <translation>Keys kⱼ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>q·kⱼ</source>
        <translation>q·kⱼ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>softmax wⱼ</source>
        <translation>Softmax wⱼ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>wⱼ · vⱼ</source>
        <translation>wⱼ · vⱼ</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>masked</source>
        <translation>maskiert</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>head output Σ wⱼ vⱼ → (with the other heads) × Wₒ</source>
        <translation>Ausgabe des Heads Σ wⱼ vⱼ → (mit den anderen Heads) × Wₒ</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Click to open the Positions view: every position&apos;s vector, and how similar positions are</source>
        <translation>Klicken öffnet die Ansicht Positionen: der Vektor jeder Position und wie ähnlich sich Positionen sind</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>q[%1] = %2</source>
        <translation>q[%1] = %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>output[%1] = %2</source>
        <translation>Ausgabe[%1] = %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>k[%1] of “%2” = %3</source>
        <translation>k[%1] von „%2“ = %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>w × v[%1] of “%2” = %3 × %4 = %5</source>
        <translation>w × v[%1] von „%2“ = %3 × %4 = %5</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>masked (a future position)</source>
        <translation>maskiert (eine künftige Position)</translation>
    </message>
</context>
<context>
    <name>BeamTreeCanvas</name>
    <message>
        <location filename="../../app/views/beam_view.cpp" line="+117"/>
        <source>Step %1: «%2»</source>
        <translation>Schritt %1: „%2“</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, finished: log p %1, score %2</source>
        <translation>, fertig: log p %1, Punktzahl %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, beam %1: log p so far %2</source>
        <translation>, Beam %1: log p bisher %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (chosen path)</source>
        <translation> (gewählter Pfad)</translation>
    </message>
</context>
<context>
    <name>BeamView</name>
    <message>
        <location line="+81"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>score</source>
        <translation>Punktzahl</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>log p</source>
        <translation>log p</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>translation</source>
        <translation>Übersetzung</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>No translation yet.</source>
        <translation>Noch keine Übersetzung.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Beam search, %1 beams, %2 steps: highlighted = the chosen translation; double border = a finished hypothesis with its score (log p / length^penalty).</source>
        <translation>Strahlsuche, %1 Beams, %2 Schritte: hervorgehoben = die gewählte Übersetzung; doppelter Rahmen = eine fertige Hypothese mit ihrer Punktzahl (log p / Länge^Längenstrafe).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Greedy decoding: beam size 1. Each step took the single most likely next token.</source>
        <translation>Gieriges Decodieren: Beam-Größe 1. Jeder Schritt nahm das eine wahrscheinlichste nächste Token.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Beam search with %1 beams: the search tree appears when decoding finishes; below, the best hypothesis so far.</source>
        <translation>Strahlsuche mit %1 Beams: Der Suchbaum erscheint, wenn das Decodieren fertig ist; darunter die bisher beste Hypothese.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>  (decoding…)</source>
        <translation>  (wird decodiert…)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1 ★</source>
        <translation>%1 ★</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Type a sentence to translate.
The hypotheses the decoder weighed will appear here.</source>
        <translation>Gib einen Satz zum Übersetzen ein.
Hier erscheinen die Hypothesen, die der Decoder abgewogen hat.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Translating…</source>
        <translation>Wird übersetzt…</translation>
    </message>
</context>
<context>
    <name>DownloadDialog</name>
    <message>
        <location filename="../../app/shell/download_dialog.cpp" line="+23"/>
        <source>English → German, general purpose · about 300 MB</source>
        <translation>Englisch → Deutsch, allgemein · ca. 300 MB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>German → English, general purpose · about 300 MB</source>
        <translation>Deutsch → Englisch, allgemein · ca. 300 MB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>English → French (the language pair of Bahdanau et al.&apos;s Fig. 3) · about 300 MB</source>
        <translation>Englisch → Französisch (das Sprachpaar aus Abb. 3 von Bahdanau u. a.) · ca. 300 MB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French → English · about 300 MB</source>
        <translation>Französisch → Englisch · ca. 300 MB</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>GPT-2 (124M), Transformer Explainer&apos;s model · about 550 MB</source>
        <translation>GPT-2 (124M), das Modell von Transformer Explainer · etwa 550 MB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DistilGPT-2, smaller and faster · about 350 MB</source>
        <translation>DistilGPT-2, kleiner und schneller · etwa 350 MB</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>BERT base, English, with its masked-word head · about 440 MB</source>
        <translation>BERT base, Englisch, mit Kopf für maskierte Wörter · ca. 440 MB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DistilBERT base, English, with its masked-word head · about 270 MB</source>
        <translation>DistilBERT base, Englisch, mit Kopf für verdeckte Wörter · etwa 270 MB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RoBERTa base, English, with its masked-word head (&lt;mask&gt;) · about 500 MB</source>
        <translation>RoBERTa base, Englisch, mit Kopf für verdeckte Wörter (&lt;mask&gt;) · etwa 500 MB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>BERT base, 104 languages including German · about 710 MB</source>
        <translation>BERT base, 104 Sprachen einschließlich Deutsch · ca. 710 MB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>BERT base, German · about 440 MB</source>
        <translation>BERT base, Deutsch · ca. 440 MB</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Get a general-purpose translator</source>
        <translation>Allgemeines Übersetzungsmodell herunterladen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download a model from Hugging Face</source>
        <translation>Modell von Hugging Face herunterladen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The built-in translator knows image captions only. These Marian (opus-mt) models from the Hugging Face Hub translate general text. Pick one or type any model id (ORG/NAME).</source>
        <translation>Das eingebaute Übersetzungsmodell kennt nur Bildbeschreibungen. Diese Marian-Modelle (opus-mt) vom Hugging Face Hub übersetzen allgemeine Texte. Wähle eines aus oder gib eine beliebige Modell-ID ein (ORG/NAME).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pick a model or type any GPT-2 model id from the Hugging Face Hub (ORG/NAME).</source>
        <translation>Wähle ein Modell oder tippe die Kennung eines beliebigen GPT-2-Modells vom Hugging Face Hub (ORG/NAME).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pick a model or type any BERT, DistilBERT or RoBERTa model id from the Hugging Face Hub (ORG/NAME).</source>
        <translation>Wähle ein Modell oder tippe die Kennung eines beliebigen BERT-, DistilBERT- oder RoBERTa-Modells vom Hugging Face Hub (ORG/NAME).</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Model id:</source>
        <translation>Modell-ID:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. Helsinki-NLP/opus-mt-en-de</source>
        <translation>z. B. Helsinki-NLP/opus-mt-en-de</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>&amp;Download and open</source>
        <translation>&amp;Herunterladen und öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel download</source>
        <translation>Download abbrechen</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Into the Hugging Face cache (%1), where Python&apos;s transformers finds it too. Only the files attnscope reads are fetched; an interrupted download resumes.</source>
        <translation>In den Hugging-Face-Cache (%1), wo auch die Python-Bibliothek transformers es findet. Nur die Dateien, die attnscope liest, werden geladen; ein unterbrochener Download wird fortgesetzt.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&apos;%1&apos; is not a model id: type ORG/NAME, e.g. Helsinki-NLP/opus-mt-en-de.</source>
        <translation>„%1“ ist keine Modell-ID: Gib ORG/NAME ein, z. B. Helsinki-NLP/opus-mt-en-de.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Asking the Hub about %1…</source>
        <translation>Frage beim Hub nach %1…</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The download of %1 was cancelled. What arrived is kept; downloading again resumes it.</source>
        <translation>Der Download von %1 wurde abgebrochen. Bereits Geladenes bleibt erhalten; ein erneuter Download setzt ihn fort.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 is in %2</source>
        <translation>%1 liegt in %2</translation>
    </message>
</context>
<context>
    <name>EncoderWorker</name>
    <message>
        <location filename="../../app/workers/encoder_worker.cpp" line="+80"/>
        <source>%1 has no masked-LM head either.</source>
        <translation>Auch %1 hat keinen Kopf für maskierte Wörter.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>[MASK]: “%1” → “%2”</source>
        <translation>[MASK]: „%1“ → „%2“</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“%1”: %2 % → %3 %</source>
        <translation>„%1“: %2 % → %3 %</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>last layer&apos;s output changes by %1 %</source>
        <translation>die Ausgabe des letzten Layers ändert sich um %1 %</translation>
    </message>
</context>
<context>
    <name>EncoderWorkspace</name>
    <message>
        <location filename="../../app/workspaces/encoder_workspace.cpp" line="+114"/>
        <source>Preset</source>
        <translation>Beispiel</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a sentence...</source>
        <translation>Satz wählen...</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+229"/>
        <source>Hide [CLS]/[SEP]</source>
        <translation>[CLS]/[SEP] ausblenden</translation>
    </message>
    <message>
        <location line="-228"/>
        <source>Drop special tokens and renormalise each row to sum to 1</source>
        <translation>Sondertokens weglassen und jede Zeile neu normieren, sodass sie zusammen 1 ergibt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge word pieces</source>
        <translation>Wortteile verbinden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention to a word = sum over its pieces; from a word = mean over its pieces</source>
        <translation>Aufmerksamkeit auf ein Wort = Summe über seine Teile; von einem Wort = Mittel über seine Teile</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type a sentence; [MASK] marks a word for the model to guess</source>
        <translation>Gib einen Satz ein; [MASK] markiert ein Wort, das das Modell erraten soll</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Compare with:</source>
        <translation>Vergleichen mit:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minimal pair: a second sentence that differs in one word</source>
        <translation>Minimalpaar: ein zweiter Satz, der sich in einem Wort unterscheidet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Second sentence of a minimal pair</source>
        <translation>Zweiter Satz eines Minimalpaars</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Compare “%1” with “%2”</source>
        <translation>„%1“ mit „%2“ vergleichen</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Heatmap</source>
        <translation>Heatmap</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Head view</source>
        <translation>Head-Ansicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model view</source>
        <translation>Modell-Ansicht</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Links in text</source>
        <translation>Verbindungen im Text</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Positions</source>
        <translation>Positionen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Masked words</source>
        <translation>Maskierte Wörter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Head statistics</source>
        <translation>Head-Statistik</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Attention lab</source>
        <translation>Attention-Labor</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>forward %1 ms · %2 tokens</source>
        <translation>Vorwärtslauf %1 ms · %2 Tokens</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · text truncated to the model&apos;s %1 tokens (of %2)</source>
        <translation> · Text auf die %1 Tokens des Modells gekürzt (von %2)</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>the loaded model</source>
        <translation>das geladene Modell</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&lt;b&gt;%1&lt;/b&gt; has no masked-LM head; the other views still show %1</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; hat keinen Kopf für maskierte Wörter; die anderen Ansichten zeigen weiterhin %1</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Hide &lt;s&gt;/&lt;/s&gt;</source>
        <translation>&lt;s&gt;/&lt;/s&gt; ausblenden</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Open a Hugging Face model folder (config.json, model.safetensors or pytorch_model.bin, vocab.txt)</source>
        <translation>Hugging-Face-Modellordner öffnen (config.json, model.safetensors oder pytorch_model.bin, vocab.txt)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 · %2 layers × %3 heads · %4%5</source>
        <translation>%1 · %2 Layer × %3 Heads · %4%5</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> · masked-LM head</source>
        <translation> · Kopf für maskierte Wörter</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The model could not be opened.</source>
        <translation>Das Modell konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose another folder with File › Open model folder.</source>
        <translation>Wähle mit Datei › Modellordner öffnen einen anderen Ordner.</translation>
    </message>
    <message>
        <location filename="../../app/workspaces/encoder_workspace.h" line="+29"/>
        <source>Encoder attention (BERT)</source>
        <translation>Encoder-Aufmerksamkeit (BERT)</translation>
    </message>
</context>
<context>
    <name>GenerationStepsView</name>
    <message>
        <location filename="../../app/views/generation_steps_view.cpp" line="+47"/>
        <location line="+12"/>
        <location line="+8"/>
        <source>▶ Play</source>
        <translation>▶ Abspielen</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Replay the writing, one token every 0.7 s</source>
        <translation>Das Schreiben noch einmal abspielen, ein Token alle 0,7 s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Which written token: the boxes show where the model looked to write it</source>
        <translation>Welches geschriebene Token: Die Kästchen zeigen, wohin das Modell schaute, um es zu schreiben</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>⏸ Pause</source>
        <translation>⏸ Pause</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>Type the start of a text: each written token can then be replayed here.</source>
        <translation>Tippe den Anfang eines Textes: Jedes geschriebene Token lässt sich dann hier noch einmal abspielen.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Step %1 of %2: writing “%3” — shading: where the model looked (row of “%4”)</source>
        <translation>Schritt %1 von %2: schreibt „%3“ — Färbung: wohin das Modell schaute (Zeile von „%4“)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>new</source>
        <translation>neu</translation>
    </message>
</context>
<context>
    <name>GenerationWorker</name>
    <message>
        <location filename="../../app/workers/generation_worker.cpp" line="+21"/>
        <source>No text-generation model is loaded yet.</source>
        <translation>Es ist noch kein Modell zur Textgenerierung geladen.</translation>
    </message>
</context>
<context>
    <name>GenerationWorkspace</name>
    <message>
        <location filename="../../app/workspaces/generation_workspace.cpp" line="+38"/>
        <source>Causal self-attention</source>
        <translation>Kausale Selbst-Aufmerksamkeit</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Beams</source>
        <translation>Beams</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1: greedy decoding (the most likely token each step); more: beam search</source>
        <translation>1: gierige Dekodierung (in jedem Schritt das wahrscheinlichste Token); mehr: Beam-Suche</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New tokens</source>
        <translation>Neue Tokens</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>How many tokens the model writes after the prompt (it stops earlier at its end token)</source>
        <translation>Wie viele Tokens das Modell nach dem Anfang schreibt (es hört früher auf, wenn es sein End-Token wählt)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Hide &lt;|endoftext|&gt;</source>
        <translation>&lt;|endoftext|&gt; ausblenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type the start of a text: the model continues it</source>
        <translation>Tippe den Anfang eines Textes: Das Modell schreibt ihn weiter</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Step through</source>
        <translation>Schritt für Schritt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heatmap</source>
        <translation>Heatmap</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Head view</source>
        <translation>Head-Ansicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model view</source>
        <translation>Modell-Ansicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Head statistics</source>
        <translation>Head-Statistik</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention lab</source>
        <translation>Attention-Labor</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>writing… %1 new tokens</source>
        <translation>schreibt… %1 neue Tokens</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 prompt + %2 new tokens · %3 ms · %4</source>
        <translation>%1 Anfangs- + %2 neue Tokens · %3 ms · %4</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>beam search, %1 beams</source>
        <translation>Beam-Suche, %1 Beams</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>greedy</source>
        <translation>gierig</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Open a GPT-2 checkpoint folder: config.json, model.safetensors or pytorch_model.bin, vocab.json, merges.txt</source>
        <translation>Einen GPT-2-Checkpoint-Ordner öffnen: config.json, model.safetensors oder pytorch_model.bin, vocab.json, merges.txt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 · %2 layers × %3 heads · %4</source>
        <translation>%1 · %2 Layer × %3 Heads · %4</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The text-generation model could not be opened.</source>
        <translation>Das Modell zur Textgenerierung konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open a GPT-2 checkpoint folder (File › Open model folder…) or download gpt2 or distilgpt2 (File › Download model…).</source>
        <translation>Öffne einen GPT-2-Checkpoint-Ordner (Datei › Modellordner öffnen…) oder lade gpt2 oder distilgpt2 herunter (Datei › Modell herunterladen…).</translation>
    </message>
    <message>
        <location filename="../../app/workspaces/generation_workspace.h" line="+24"/>
        <source>Text generation (GPT-2)</source>
        <translation>Textgenerierung (GPT-2)</translation>
    </message>
</context>
<context>
    <name>GuidePanel</name>
    <message>
        <location filename="../../app/shell/guide.cpp" line="+97"/>
        <location line="+71"/>
        <source>Guided lesson</source>
        <translation>Geführte Lektion</translation>
    </message>
    <message>
        <location line="-58"/>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The previous step (Page Up)</source>
        <translation>Vorheriger Schritt (Bild ↑)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The next step (Page Down)</source>
        <translation>Nächster Schritt (Bild ↓)</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Step %1 of &quot;%2&quot;</source>
        <translation>Schritt %1 von „%2“</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;p&gt;Choose Help › Lesson: Attention and Transformers.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Wähle Hilfe › Lektion: Attention und Transformer.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This step could not be set up:</source>
        <translation>Dieser Schritt konnte nicht eingerichtet werden:</translation>
    </message>
</context>
<context>
    <name>HeadStatsView</name>
    <message>
        <location filename="../../app/views/head_stats_view.cpp" line="+39"/>
        <source>layer %1</source>
        <translation>Layer %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>head %1</source>
        <translation>Head %1</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>Show:</source>
        <translation>Anzeige:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Entropy: how spread out (bits)</source>
        <translation>Entropie: wie verteilt (Bit)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean attention distance: how far (tokens)</source>
        <translation>Mittlerer Abstand: wie weit (Tokens)</translation>
    </message>
    <message>
        <location line="+110"/>
        <source>layer %1, head %2: %3 %4
click to select this head, Ctrl+click or right-click to switch it off or on</source>
        <translation>Schicht %1, Head %2: %3 %4
Klicken wählt diesen Head, Strg+Klick oder Rechtsklick schaltet ihn ab oder wieder ein</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>bits</source>
        <translation>Bit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>uniform</source>
        <translation>gleichverteilt</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>entropy (bits): low = focused, high = spread out</source>
        <translation>Entropie (Bit): niedrig = fokussiert, hoch = verteilt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mean attention distance (tokens)</source>
        <translation>mittlerer Aufmerksamkeitsabstand (Tokens)</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Switch head %1 back on</source>
        <translation>Head %1 wieder einschalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Switch head %1 off (Ctrl+click)</source>
        <translation>Head %1 abschalten (Strg+Klick)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show head %1</source>
        <translation>Head %1 zeigen</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Each bar is one attention head (colour = head), grouped by layer. </source>
        <translation>Jeder Balken ist ein Head (Farbe = Head), nach Layern gruppiert. </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Entropy&lt;/b&gt; measures how spread out a head&apos;s attention is, averaged over the words that look: &lt;b&gt;low entropy = a focused head&lt;/b&gt; that puts its attention on one or two words; high entropy = attention smeared over many words.</source>
        <translation>&lt;b&gt;Entropie&lt;/b&gt; misst, wie verteilt die Aufmerksamkeit eines Heads ist, gemittelt über die Wörter, die schauen: &lt;b&gt;niedrige Entropie = ein fokussierter Head&lt;/b&gt;, der seine Aufmerksamkeit auf ein oder zwei Wörter legt; hohe Entropie = Aufmerksamkeit über viele Wörter verschmiert.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> 0 bits would be all attention on one word; the dashed line (%2 bits) is attention spread equally over all %1 tokens.</source>
        <translation> 0 Bit hieße: alle Aufmerksamkeit auf einem Wort; die gestrichelte Linie (%2 Bit) ist Aufmerksamkeit, gleichmäßig verteilt über alle %1 Tokens.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&lt;b&gt;Mean attention distance&lt;/b&gt; is &lt;b&gt;how far a head looks&lt;/b&gt;: on average, how many tokens away from a word the words it attends to are (weighted by attention). 0 = at itself, 1 = its neighbours, large = across the sentence.</source>
        <translation>&lt;b&gt;Mittlerer Attention-Abstand&lt;/b&gt; ist, &lt;b&gt;wie weit ein Head schaut&lt;/b&gt;: im Mittel, wie viele Tokens die Wörter, auf die ein Wort achtet, von ihm entfernt sind (gewichtet mit der Aufmerksamkeit). 0 = auf sich selbst, 1 = auf die Nachbarn, groß = quer durch den Satz.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> Much attention goes to [CLS] and [SEP] at the two ends, which makes distances look long: hide special tokens to leave them out.</source>
        <translation> Viel Aufmerksamkeit geht an [CLS] und [SEP] an den beiden Enden, das lässt Abstände lang aussehen: Blende Sondertokens aus, um sie wegzulassen.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source> Here the %1 head is &lt;b&gt;layer %2, head %3&lt;/b&gt; (%4%5) and the %6 is layer %7, head %8 (%9).</source>
        <translation> Hier ist der %1 Head &lt;b&gt;Layer %2, Head %3&lt;/b&gt; (%4%5) und der %6 Head ist Layer %7, Head %8 (%9).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>most focused</source>
        <translation>am stärksten fokussierte</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>nearest-looking</source>
        <translation>am nächsten schauende</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>: its bar is almost invisible</source>
        <translation>: sein Balken ist kaum sichtbar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>most spread out</source>
        <translation>am breitesten verteilte</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>farthest-looking</source>
        <translation>am weitesten schauende</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> Crossed-out bars are switched-off heads (their weights are 0); they are left out here.</source>
        <translation> Durchgestrichene Balken sind abgeschaltete Heads (ihre Gewichte sind 0); sie werden hier nicht mitgezählt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> [CLS] and [SEP] are hidden and left out.</source>
        <translation> [CLS] und [SEP] sind ausgeblendet und nicht mitgezählt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> Click a bar to show that head in every view.</source>
        <translation> Klicke auf einen Balken, um diesen Head in allen Ansichten zu zeigen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Run a sentence to see the statistics.</source>
        <translation>Analysiere einen Satz, um die Statistik zu sehen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Showing an aggregate of heads: click a bar to pick one.</source>
        <translation>Heads sind zusammengefasst: Klicke auf einen Balken, um einen zu wählen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Selected (%5 bar): &lt;b&gt;layer %1, head %2&lt;/b&gt;: entropy %3 bits, distance %4 tokens</source>
        <translation>Ausgewählt (Balken %5): &lt;b&gt;Layer %1, Head %2&lt;/b&gt;: Entropie %3 Bit, Abstand %4 Tokens</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>white</source>
        <translation>weiß</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>black</source>
        <translation>schwarz</translation>
    </message>
</context>
<context>
    <name>HeadView</name>
    <message>
        <location filename="../../app/views/head_view.cpp" line="+261"/>
        <source>No analysis yet: type a sentence and run the model.</source>
        <translation>Noch keine Analyse: Gib einen Satz ein und lass das Modell laufen.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Layer %1 · %2 of %3 heads · click a head to toggle, double-click to show only it · hover a token</source>
        <translation>Layer %1 · %2 von %3 Heads · Klick auf einen Head blendet ihn ein/aus, Doppelklick zeigt nur ihn · auf ein Token zeigen</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source> · %n crossed out: switched off, no lines</source>
        <translation>
            <numerusform> · %n durchgestrichen: abgeschaltet, keine Linien</numerusform>
            <numerusform> · %n durchgestrichen: abgeschaltet, keine Linien</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>: %1 → %2</source>
        <translation>: %1 → %2</translation>
    </message>
    <message>
        <location line="+156"/>
        <source>Mask this word</source>
        <translation>Dieses Wort maskieren</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Switch head %1 back on</source>
        <translation>Head %1 wieder einschalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Switch head %1 off (Ctrl+click)</source>
        <translation>Head %1 abschalten (Strg+Klick)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Layer %1, head %2: click to show or hide, double-click to show only this head, Ctrl+click to switch it off in the model (or back on)</source>
        <translation>Schicht %1, Head %2: Klicken zeigt oder verbirgt ihn, Doppelklick zeigt nur diesen Head, Strg+Klick schaltet ihn im Modell ab (oder wieder ein)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>hover to see %3; click to keep it</source>
        <translation>Darüberfahren zeigt, %3; Klick hält es fest</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hover to see %3</source>
        <translation>Darüberfahren zeigt, %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>hover to see %3; click to keep it; right-click to mask</source>
        <translation>Darüberfahren zeigt, %3; Klick hält es fest; Rechtsklick maskiert</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (token %2): </source>
        <translation>%1 (Token %2): </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>where it looks</source>
        <translation>wohin es schaut</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>who looks at it</source>
        <translation>wer darauf schaut</translation>
    </message>
</context>
<context>
    <name>HeatmapView</name>
    <message>
        <location filename="../../app/views/heatmap_view.cpp" line="+37"/>
        <source>head</source>
        <translation>Head</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mean over heads</source>
        <translation>Mittel über Heads</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>max over heads</source>
        <translation>Maximum über Heads</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mean over layers</source>
        <translation>Mittel über Layer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rollout</source>
        <translation>Rollout</translation>
    </message>
    <message>
        <location line="+152"/>
        <source>scale: this</source>
        <translation>Skala: Max.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>scale: fixed</source>
        <translation>Skala: fest</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>matrix&apos;s max</source>
        <translation>dieser Matrix</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>scale: fixed 0–1</source>
        <translation>Skala: fest 0–1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>scale: this head&apos;s max</source>
        <translation>Skala: Max. dieses Heads</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>scale: this matrix&apos;s max</source>
        <translation>Skala: Max. dieser Matrix</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Layer %1, head %2</source>
        <translation>Layer %1, Head %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Layer %1, mean of %2 heads</source>
        <translation>Layer %1, Mittel über %2 Heads</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Layer %1, max over %2 heads (rows renormalised)</source>
        <translation>Layer %1, Maximum über %2 Heads (Zeilen neu normiert)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mean of all %1 layers x %2 heads</source>
        <translation>Mittel über alle %1 Layer × %2 Heads</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mean of all %1 layers x %2 heads (rollout applies to self-attention only)</source>
        <translation>Mittel über alle %1 Layer × %2 Heads (Rollout gilt nur für Selbstaufmerksamkeit)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attention rollout through layers 0-%1</source>
        <translation>Rollout durch die Layer 0–%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>  ·  switched off: its weights are 0</source>
        <translation>  ·  abgeschaltet: seine Gewichte sind 0</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>  ·  %n head(s) switched off</source>
        <translation>
            <numerusform>  ·  %n Head abgeschaltet</numerusform>
            <numerusform>  ·  %n Heads abgeschaltet</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>  ·  special tokens hidden</source>
        <translation>  ·  Sondertokens ausgeblendet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>  ·  word pieces merged</source>
        <translation>  ·  Wortteile verbunden</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>from “%1” → to “%2”:  weight %3, i.e. %4 % of the attention of “%1”</source>
        <translation>von „%1“ → zu „%2“:  Gewicht %3, d. h. %4 % der Aufmerksamkeit von „%1“</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Rows: from-token (query)  ·  columns: to-token (key)  ·  each row sums to 1</source>
        <translation>Zeilen: Von-Token (Query)  ·  Spalten: Zu-Token (Key)  ·  jede Zeile ergibt zusammen 1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>query</source>
        <translation>Query</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>key</source>
        <translation>Key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rows: %1 tokens (queries)  ·  columns: %2 tokens (keys)  ·  each row sums to 1</source>
        <translation>Zeilen: %1 (Query-Tokens)  ·  Spalten: %2 (Key-Tokens)  ·  jede Zeile ergibt zusammen 1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This head is switched off (head ablation): every weight is 0, its rows sum to 0  ·  “Switch all heads on” below brings it back</source>
        <translation>Dieser Head ist abgeschaltet (Head-Ablation): jedes Gewicht ist 0, seine Zeilen summieren sich zu 0  ·  „Alle Heads einschalten“ unten schaltet ihn wieder ein</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>  ·  %1</source>
        <translation>  ·  %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No analysis yet.
Type a sentence and run the model to see its attention.</source>
        <translation>Noch keine Analyse.
Gib einen Satz ein und lass das Modell laufen, um seine Aufmerksamkeit zu sehen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing to show: every token is hidden.</source>
        <translation>Nichts zu zeigen: Alle Tokens sind ausgeblendet.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Mask this word (“%1”)</source>
        <translation>Dieses Wort maskieren („%1“)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/shell/main_window.cpp" line="+75"/>
        <source>&amp;About this view</source>
        <translation>Über &amp;diese Ansicht</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Explain the current view (F1)</source>
        <translation>Aktuelle Ansicht erklären (F1)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open model folder...</source>
        <translation>Modell&amp;ordner öffnen...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Download model...</source>
        <translation>Modell &amp;herunterladen...</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open &amp;lesson...</source>
        <translation>&amp;Lektion öffnen...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a lesson</source>
        <translation>Lektion öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+7"/>
        <source>attnscope lessons (*.%1)</source>
        <translation>attnscope-Lektionen (*.%1)</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>The lesson was not opened</source>
        <translation>Die Lektion wurde nicht geöffnet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save lesson state...</source>
        <translation>Lektionsstand &amp;speichern...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save this screen as a lesson</source>
        <translation>Diesen Bildschirm als Lektion speichern</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The lesson was not saved</source>
        <translation>Die Lektion wurde nicht gespeichert</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+195"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location line="-192"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Current view as &amp;PNG...</source>
        <translation>Aktuelle Ansicht als &amp;PNG...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Current view as &amp;SVG...</source>
        <translation>Aktuelle Ansicht als &amp;SVG...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Animation (GIF or PNG frames)...</source>
        <translation>&amp;Animation (GIF oder PNG-Bilder)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result as &amp;JSON...</source>
        <translation>Ergebnis als &amp;JSON...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attentions as &amp;NumPy .npy...</source>
        <translation>Aufmerksamkeitsgewichte als &amp;NumPy .npy...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Presentation mode</source>
        <translation>&amp;Präsentationsmodus</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Model controls</source>
        <translation>&amp;Modellzeile</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The model, device and preset row (hidden in presentation mode)</source>
        <translation>Die Zeile mit Modell, Gerät und Beispiel (im Präsentationsmodus ausgeblendet)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Larger text</source>
        <translation>&amp;Größere Schrift</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Smaller text</source>
        <translation>&amp;Kleinere Schrift</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Normal text size</source>
        <translation>&amp;Normale Schriftgröße</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Full screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Colours</source>
        <translation>&amp;Farben</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Theme</source>
        <translation>&amp;Erscheinungsbild</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>System (%1)</source>
        <translation>System (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next layer</source>
        <translation>Nächster Layer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Previous layer</source>
        <translation>Vorheriger Layer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next head</source>
        <translation>Nächster Head</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Previous head</source>
        <translation>Vorheriger Head</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Lesson: Attention and Transformers</source>
        <translation>&amp;Lektion: Attention und Transformer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open a guided lesson...</source>
        <translation>&amp;Geführte Lektion öffnen...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a guided lesson</source>
        <translation>Geführte Lektion öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guided lessons (*.json)</source>
        <translation>Geführte Lektionen (*.json)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The guided lesson was not opened</source>
        <translation>Die geführte Lektion wurde nicht geöffnet</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Translate a sentence first: there are no steps to show.</source>
        <translation>Übersetze zuerst einen Satz: Es gibt noch keine Schritte zu zeigen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run a sentence first: there is no heatmap to show.</source>
        <translation>Lass zuerst einen Satz laufen: Es gibt noch keine Heatmap zu zeigen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the size must be from 16 × 16 to 4096 × 4096 pixels</source>
        <translation>die Größe muss zwischen 16 × 16 und 4096 × 4096 Pixeln liegen</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Export animation</source>
        <translation>Animation exportieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Animated GIF (*.gif)</source>
        <translation>Animiertes GIF (*.gif)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Drawing the frames…</source>
        <translation>Die Bilder werden gezeichnet …</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Export cancelled</source>
        <translation>Export abgebrochen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The animation was not exported</source>
        <translation>Die Animation wurde nicht exportiert</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>%1 cannot be opened: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&quot;device&quot; must be auto, cpu or cuda, not &quot;%1&quot;</source>
        <translation>&quot;device&quot; muss auto, cpu oder cuda sein, nicht &quot;%1&quot;</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+22"/>
        <source>there is no workspace &quot;%1&quot; (encoder or translation)</source>
        <translation>es gibt keinen Arbeitsbereich &quot;%1&quot; (encoder oder translation)</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>&quot;presentation&quot; must be an object</source>
        <translation>&quot;presentation&quot; muss ein Objekt sein</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&quot;scale&quot; must be a number from 1 to 2.5</source>
        <translation>&quot;scale&quot; muss eine Zahl von 1 bis 2.5 sein</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&quot;colours&quot; must be standard, viridis, cividis or greys, not &quot;%1&quot;</source>
        <translation>&quot;colours&quot; muss standard, viridis, cividis oder greys sein, nicht &quot;%1&quot;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&quot;workspaces&quot; must be an object</source>
        <translation>&quot;workspaces&quot; muss ein Objekt sein</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&quot;%1&quot; must be an object</source>
        <translation>&quot;%1&quot; muss ein Objekt sein</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (%2 tab)</source>
        <translation>%1 (Tab „%2“)</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Presentation mode: text at %1 % (Ctrl+= / Ctrl+-)</source>
        <translation>Präsentationsmodus: Schrift auf %1 % (Strg+= / Strg+-)</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>attnscope — %1</source>
        <translation>attnscope — %1</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>unknown workspace &apos;%1&apos; (choose %2)</source>
        <translation>unbekannter Arbeitsbereich „%1“ (wähle %2)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>unknown view &apos;%1&apos; (choose %2)</source>
        <translation>unbekannte Ansicht „%1“ (wähle %2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown view &apos;%1&apos; in the %2 workspace (choose %3)</source>
        <translation>unbekannte Ansicht „%1“ im Arbeitsbereich %2 (wähle %3)</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Export view</source>
        <translation>Ansicht exportieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG-Grafik (*.svg)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PNG scale</source>
        <translation>PNG-Skalierung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Scale</source>
        <translation>Skalierung</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+14"/>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Nothing to export</source>
        <translation>Nichts zu exportieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Type a sentence first.</source>
        <translation>Gib zuerst einen Satz ein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export result</source>
        <translation>Ergebnis exportieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>NumPy array (*.npy)</source>
        <translation>NumPy-Array (*.npy)</translation>
    </message>
</context>
<context>
    <name>MaskedWordsView</name>
    <message>
        <location filename="../../app/views/masked_words_view.cpp" line="+69"/>
        <source>&lt;p&gt;Loading %1, a model that can guess hidden words…&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 wird geladen, ein Modell, das verdeckte Wörter erraten kann…&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;p&gt;&lt;b&gt;The masked-word model %1 could not be used.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Das Modell %1 für maskierte Wörter konnte nicht verwendet werden.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&lt;p&gt;&lt;b&gt;This model cannot guess hidden words.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;The model %1 has no &lt;i&gt;masked-language-model head&lt;/i&gt;: it was saved without the layer that turns its last hidden state back into words, so it only gives attentions.&lt;/p&gt;&lt;p&gt;To see guesses, load a model that has such a head, for example the built-in &lt;b&gt;minilm-mlm&lt;/b&gt;, and run the sentence again.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Dieses Modell kann keine verdeckten Wörter raten.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Das Modell %1 hat keinen &lt;i&gt;Kopf für maskierte Wörter&lt;/i&gt; (Masked-Language-Model-Head): Es wurde ohne die Schicht gespeichert, die seinen letzten Zustand wieder in Wörter übersetzt, und liefert daher nur Attentions.&lt;/p&gt;&lt;p&gt;Um Tipps zu sehen, lade ein Modell mit einem solchen Kopf, zum Beispiel das eingebaute &lt;b&gt;minilm-mlm&lt;/b&gt;, und lass den Satz noch einmal laufen.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>%4 %1 of %2 (token %3)</source>
        <translation>%4 %1 von %2 (Token %3)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%2 (token %1)</source>
        <translation>%2 (Token %1)</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>&lt;p&gt;Type a sentence with &lt;b&gt;%1&lt;/b&gt; in place of a word, for example &lt;i&gt;The %1 sat on the mat.&lt;/i&gt;, and the model&apos;s guesses for the hidden word appear here.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Tippe einen Satz mit &lt;b&gt;%1&lt;/b&gt; anstelle eines Wortes, zum Beispiel &lt;i&gt;The %1 sat on the mat.&lt;/i&gt;, dann erscheinen hier die Tipps des Modells für das verdeckte Wort.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&lt;p&gt;&lt;b&gt;There is no %1 in this sentence.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Hide a word so the model has something to guess: type &lt;b&gt;%1&lt;/b&gt; in place of a word, for example &lt;i&gt;The %1 sat on the mat.&lt;/i&gt;&lt;/p&gt;&lt;p&gt;Or right-click a word in another view and choose &lt;b&gt;Mask this word&lt;/b&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;In diesem Satz gibt es kein %1.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Verdecke ein Wort, damit das Modell etwas zu raten hat: Tippe &lt;b&gt;%1&lt;/b&gt; anstelle eines Wortes, zum Beispiel &lt;i&gt;The %1 sat on the mat.&lt;/i&gt;&lt;/p&gt;&lt;p&gt;Oder klicke in einer anderen Ansicht mit der rechten Maustaste auf ein Wort und wähle &lt;b&gt;Dieses Wort maskieren&lt;/b&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>&lt;b&gt;Heads switched off: %1.&lt;/b&gt; Compared with every head on:</source>
        <translation>&lt;b&gt;Abgeschaltete Heads: %1.&lt;/b&gt; Im Vergleich mit allen Heads eingeschaltet:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>[MASK] %1: </source>
        <translation>[MASK] %1: </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>every head on &lt;b&gt;%1&lt;/b&gt; %2 → now &lt;b&gt;%3&lt;/b&gt; %4</source>
        <translation>alle Heads an &lt;b&gt;%1&lt;/b&gt; %2 → jetzt &lt;b&gt;%3&lt;/b&gt; %4</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no longer among the top %1</source>
        <translation>nicht mehr unter den besten %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“%1” now %2</source>
        <translation>„%1“ jetzt %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (&lt;b&gt;changed&lt;/b&gt;; %1)</source>
        <translation> (&lt;b&gt;geändert&lt;/b&gt;; %1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (same word)</source>
        <translation> (dasselbe Wort)</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The model reads the whole sentence, both sides of the gap, and guesses the hidden word. Each bar is one guess; its length is how likely the model thinks it is (probability). Pieces that start with ## continue a word.</source>
        <translation>Das Modell liest den ganzen Satz, beide Seiten der Lücke, und rät das verdeckte Wort. Jeder Balken ist ein Tipp; seine Länge ist, für wie wahrscheinlich das Modell ihn hält (Wahrscheinlichkeit). Stücke, die mit ## beginnen, setzen ein Wort fort.</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>Guesses by &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Tipps von &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Best guess: </source>
        <translation>Bester Tipp: </translation>
    </message>
    <message>
        <location line="+31"/>
        <source>probability</source>
        <translation>Wahrscheinlichkeit</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>probability the model gives this word (%)</source>
        <translation>Wahrscheinlichkeit, die das Modell diesem Wort gibt (%)</translation>
    </message>
</context>
<context>
    <name>ModelView</name>
    <message>
        <location filename="../../app/views/model_view.cpp" line="+243"/>
        <source>query</source>
        <translation>Query</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>key</source>
        <translation>Key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 %2 x %3 %4 tokens</source>
        <translation>%1 Tokens (%2) × %3 Tokens (%4)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 layers x %2 heads  ·  %3  ·  each thumbnail coloured to its own maximum</source>
        <translation>%1 Layer × %2 Heads  ·  %3  ·  jedes Bild bis zu seinem eigenen Maximum gefärbt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> (block means)</source>
        <translation> (Blockmittel)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>  ·  special tokens hidden</source>
        <translation>  ·  Sondertokens ausgeblendet</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Layer %1, head %2  ·  mean row entropy %3 bits  ·  click to select</source>
        <translation>Layer %1, Head %2  ·  mittlere Zeilenentropie %3 Bit  ·  Klick wählt ihn aus</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Layer %1, head %2  ·  mean row entropy %3 bits  ·  mean attention distance %4 tokens  ·  click to select</source>
        <translation>Layer %1, Head %2  ·  mittlere Zeilenentropie %3 Bit  ·  mittlerer Aufmerksamkeitsabstand %4 Tokens  ·  Klick wählt ihn aus</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Rows: layers (input at the top)  ·  columns: heads  ·  in each: %1 down, %2 across  ·  click to open a head</source>
        <translation>Zeilen: Layer (Eingang oben)  ·  Spalten: Heads  ·  in jedem Bild: %1 nach unten, %2 nach rechts  ·  Klick öffnet einen Head</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>queries</source>
        <translation>Queries</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>keys</source>
        <translation>Keys</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rows: layers (input at the top)  ·  columns: heads  ·  hover for details, click to open a head</source>
        <translation>Zeilen: Layer (Eingang oben)  ·  Spalten: Heads  ·  Darüberfahren zeigt Details, Klick öffnet einen Head</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>  ·  Ctrl+click switches a head off</source>
        <translation>  ·  Strg+Klick schaltet einen Head ab</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Switch head %1 back on</source>
        <translation>Head %1 wieder einschalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Switch head %1 off (Ctrl+click)</source>
        <translation>Head %1 abschalten (Strg+Klick)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show head %1</source>
        <translation>Head %1 zeigen</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>No analysis yet.
Type a sentence and run the model to see every head.</source>
        <translation>Noch keine Analyse.
Gib einen Satz ein und lass das Modell laufen, um alle Heads zu sehen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing to show: every token is hidden.</source>
        <translation>Nichts zu zeigen: Alle Tokens sind ausgeblendet.</translation>
    </message>
</context>
<context>
    <name>ModelWorker</name>
    <message>
        <location filename="../../app/workers/model_worker.cpp" line="+60"/>
        <source>No model is loaded yet.</source>
        <translation>Es ist noch kein Modell geladen.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The model failed on this text: %1</source>
        <translation>Das Modell ist an diesem Text gescheitert: %1</translation>
    </message>
</context>
<context>
    <name>PositionalView</name>
    <message>
        <location filename="../../app/views/positional_view.cpp" line="+226"/>
        <source>this sentence: %1 tokens</source>
        <translation>dieser Satz: %1 Tokens</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Sinusoidal (Vaswani et al. 2017)</source>
        <translation>Sinusförmig (Vaswani u. a. 2017)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This model&apos;s learned embeddings</source>
        <translation>Gelernte Embeddings dieses Modells</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Encoding:</source>
        <translation>Kodierung:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>How many positions to draw (from position 0)</source>
        <translation>Wie viele Positionen gezeichnet werden (ab Position 0)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Positions shown:</source>
        <translation>Positionen:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dimensions (columns) to draw as curves, separated by commas</source>
        <translation>Dimensionen (Spalten), die als Kurven gezeichnet werden, durch Kommas getrennt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Curves for dimensions:</source>
        <translation>Kurven für Dimensionen:</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Learned position embeddings (one row per position)</source>
        <translation>Gelernte Positions-Embeddings (eine Zeile je Position)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sinusoidal encoding (one row per position)</source>
        <translation>Sinusförmige Kodierung (eine Zeile je Position)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dimension</source>
        <translation>Dimension</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+6"/>
        <location line="+1"/>
        <location line="+71"/>
        <source>position</source>
        <translation>Position</translation>
    </message>
    <message>
        <location line="-77"/>
        <source>position %1, dimension %2: %3</source>
        <translation>Position %1, Dimension %2: %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>How alike are two positions? (cosine)</source>
        <translation>Wie ähnlich sind sich zwei Positionen? (Kosinus)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>positions %1 and %2: cosine similarity %3</source>
        <translation>Positionen %1 und %2: Kosinus-Ähnlichkeit %3</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A transformer reads all words at once, so it must be told where each word is. &lt;b&gt;%1&lt;/b&gt; was not given sine waves: it &lt;b&gt;learned one vector per position&lt;/b&gt; during training and adds it to each word. &lt;b&gt;Left:&lt;/b&gt; the first %2 of its %3 position vectors, one row each (blue = negative, red = positive, scaled to ±%4). &lt;b&gt;Right:&lt;/b&gt; how alike two positions&apos; vectors are; a bright band along the diagonal means the model learned, by itself, that nearby positions are similar. &lt;b&gt;Below:&lt;/b&gt; a few dimensions as curves over position.</source>
        <translation>Ein Transformer liest alle Wörter auf einmal, also muss man ihm sagen, wo jedes Wort steht. &lt;b&gt;%1&lt;/b&gt; bekam keine Sinuswellen: Es hat im Training &lt;b&gt;einen Vektor pro Position gelernt&lt;/b&gt; und addiert ihn zu jedem Wort. &lt;b&gt;Links:&lt;/b&gt; die ersten %2 seiner %3 Positionsvektoren, je eine Zeile (blau = negativ, rot = positiv, skaliert auf ±%4). &lt;b&gt;Rechts:&lt;/b&gt; wie ähnlich sich die Vektoren zweier Positionen sind; ein helles Band entlang der Diagonale heißt, dass das Modell von selbst gelernt hat, dass benachbarte Positionen ähnlich sind. &lt;b&gt;Unten:&lt;/b&gt; einige Dimensionen als Kurven über der Position.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This model</source>
        <translation>Dieses Modell</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A transformer reads all words at once, so it must be told where each word is. Vaswani et al. (2017) add to the word at position &lt;i&gt;p&lt;/i&gt; a fixed pattern of &lt;b&gt;waves&lt;/b&gt;: dimension 2&lt;i&gt;i&lt;/i&gt; is sin(&lt;i&gt;p&lt;/i&gt;/10000&lt;sup&gt;2&lt;i&gt;i&lt;/i&gt;/%1&lt;/sup&gt;), dimension 2&lt;i&gt;i&lt;/i&gt;+1 the matching cosine, so the waves get slower from left to right (%1 dimensions, as wide as %2). &lt;b&gt;Left:&lt;/b&gt; the pattern, one row per position (blue = −1, red = +1). &lt;b&gt;Right:&lt;/b&gt; how alike two positions&apos; patterns are: neighbours look alike, distant positions less so. &lt;b&gt;Below:&lt;/b&gt; a few dimensions as curves.</source>
        <translation>Ein Transformer liest alle Wörter auf einmal, also muss man ihm sagen, wo jedes Wort steht. Vaswani et al. (2017) addieren zum Wort an Position &lt;i&gt;p&lt;/i&gt; ein festes Muster aus &lt;b&gt;Wellen&lt;/b&gt;: Dimension 2&lt;i&gt;i&lt;/i&gt; ist sin(&lt;i&gt;p&lt;/i&gt;/10000&lt;sup&gt;2&lt;i&gt;i&lt;/i&gt;/%1&lt;/sup&gt;), Dimension 2&lt;i&gt;i&lt;/i&gt;+1 der passende Kosinus, so werden die Wellen von links nach rechts langsamer (%1 Dimensionen, so breit wie %2). &lt;b&gt;Links:&lt;/b&gt; das Muster, eine Zeile pro Position (blau = −1, rot = +1). &lt;b&gt;Rechts:&lt;/b&gt; wie ähnlich sich die Muster zweier Positionen sind: Nachbarn ähneln sich, entfernte Positionen weniger. &lt;b&gt;Unten:&lt;/b&gt; einige Dimensionen als Kurven.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the loaded model</source>
        <translation>das geladene Modell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a small model</source>
        <translation>ein kleines Modell</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> The dashed line marks where the current sentence (%1 tokens) ends.</source>
        <translation> Die gestrichelte Linie markiert, wo der aktuelle Satz (%1 Tokens) endet.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Run a sentence with a model first</source>
        <translation>Analysiere zuerst einen Satz mit einem Modell</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>dim %1</source>
        <translation>Dim. %1</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>end of sentence</source>
        <translation>Satzende</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Type dimension numbers above (0 to %1) to draw them as curves</source>
        <translation>Gib oben Dimensionsnummern (0 bis %1) ein, um sie als Kurven zu zeichnen</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../../app/views/view_export.cpp" line="+21"/>
        <location line="+15"/>
        <source>Cannot write &apos;%1&apos;</source>
        <translation>„%1“ kann nicht geschrieben werden</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Exported from attnscope</source>
        <translation>Aus attnscope exportiert</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../../app/workspaces/workspace.cpp" line="+54"/>
        <source>Single head</source>
        <translation>Einzelner Head</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean over heads</source>
        <translation>Mittel über Heads</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max over heads</source>
        <translation>Maximum über Heads</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean over layers</source>
        <translation>Mittel über Layer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention rollout</source>
        <translation>Rollout</translation>
    </message>
</context>
<context>
    <name>SentenceLinksView</name>
    <message>
        <location filename="../../app/views/sentence_links_view.cpp" line="+187"/>
        <source>  ·  top: source, bottom: translation</source>
        <translation>  ·  oben: Quelle, unten: Übersetzung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>  ·  decoding…</source>
        <translation>  ·  wird decodiert…</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>no link ≥ %1</source>
        <translation>keine Verbindung ≥ %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>«%1» ← %2</source>
        <translation>„%1“ ← %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>«%1» → %2</source>
        <translation>„%1“ → %2</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n link(s) with weight ≥ %1  ·  hover a word to bring out its links</source>
        <translation>
            <numerusform>%n Verbindung mit Gewicht ≥ %1  ·  zeige auf ein Wort, um seine Verbindungen hervorzuheben</numerusform>
            <numerusform>%n Verbindungen mit Gewicht ≥ %1  ·  zeige auf ein Wort, um seine Verbindungen hervorzuheben</numerusform>
        </translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Type a sentence to translate.
Links from each translated word to the source words it attended to will appear here.</source>
        <translation>Gib einen Satz zum Übersetzen ein.
Hier erscheinen Verbindungen von jedem übersetzten Wort zu den Quellwörtern, auf die es geachtet hat.</translation>
    </message>
</context>
<context>
    <name>StepThroughView</name>
    <message>
        <location filename="../../app/views/step_through_view.cpp" line="+105"/>
        <source>Play / pause (Space)</source>
        <translation>Abspielen / Pause (Leertaste)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Decoding step (← / →)</source>
        <translation>Decodierschritt (← / →)</translation>
    </message>
    <message>
        <location line="+109"/>
        <source>  ·  decoding…</source>
        <translation>  ·  wird decodiert…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No steps yet</source>
        <translation>Noch keine Schritte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step %1/%2: «%3»</source>
        <translation>Schritt %1/%2: „%3“</translation>
    </message>
    <message>
        <location line="+122"/>
        <source>Type a sentence to translate.
Its decoding will replay here, step by step.</source>
        <translation>Gib einen Satz zum Übersetzen ein.
Hier wird das Decodieren Schritt für Schritt nachgespielt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Translating…</source>
        <translation>Wird übersetzt…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Translation so far (%1 of %2 tokens)</source>
        <translation>Bisherige Übersetzung (%1 von %2 Tokens)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Source: where «%1» looked</source>
        <translation>Quelle: wohin „%1“ geschaut hat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>  ·  %1: %2 %</source>
        <translation>  ·  %1: %2 %</translation>
    </message>
</context>
<context>
    <name>TextLinksView</name>
    <message>
        <location filename="../../app/views/text_links_view.cpp" line="+56"/>
        <source>Layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Head</source>
        <translation>Head</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Flip</source>
        <translation>Verschiebung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sentence A: attention to candidate 1 minus candidate 2</source>
        <translation>Satz A: Aufmerksamkeit auf Kandidat 1 minus Kandidat 2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sentence B: attention to candidate 1 minus candidate 2</source>
        <translation>Satz B: Aufmerksamkeit auf Kandidat 1 minus Kandidat 2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Flip = (A[candidate 1] - A[candidate 2]) - (B[candidate 1] - B[candidate 2]) for the clicked word; click a row to select that head everywhere</source>
        <translation>Verschiebung = (A[Kandidat 1] - A[Kandidat 2]) - (B[Kandidat 1] - B[Kandidat 2]) für das angeklickte Wort; Klick auf eine Zeile wählt diesen Head überall aus</translation>
    </message>
    <message>
        <location line="+304"/>
        <source>&lt;b&gt;Minimal pair&lt;/b&gt;: click a word, then right-click two words of the sentences as &lt;i&gt;Candidate 1&lt;/i&gt; and &lt;i&gt;Candidate 2&lt;/i&gt; to rank the heads.</source>
        <translation>&lt;b&gt;Minimalpaar&lt;/b&gt;: Klicke auf ein Wort und dann mit der rechten Maustaste auf zwei Wörter der Sätze als &lt;i&gt;Kandidat 1&lt;/i&gt; und &lt;i&gt;Kandidat 2&lt;/i&gt;, um die Heads zu ordnen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;Heads ranked by flip&lt;/b&gt; of “%1” between “%2” and “%3”:&lt;br&gt;(A[%2] − A[%3]) − (B[%2] − B[%3])</source>
        <translation>&lt;b&gt;Heads geordnet nach Verschiebung&lt;/b&gt; von „%1“ zwischen „%2“ und „%3“:&lt;br&gt;(A[%2] − A[%3]) − (B[%2] − B[%3])</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>No analysis yet</source>
        <translation>Noch keine Analyse</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Layer %1, head %2</source>
        <translation>Layer %1, Head %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer %1, mean over heads</source>
        <translation>Layer %1, Mittel über Heads</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer %1, max over heads</source>
        <translation>Layer %1, Maximum über Heads</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean over all layers and heads</source>
        <translation>Mittel über alle Layer und Heads</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention rollout up to layer %1</source>
        <translation>Rollout bis Layer %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · click a word to see where it looks</source>
        <translation> · klicke auf ein Wort, um zu sehen, wohin es schaut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> · where “%1” looks</source>
        <translation> · wohin „%1“ schaut</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Candidate %1: “%2”</source>
        <translation>Kandidat %1: „%2“</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Default candidates</source>
        <translation>Standard-Kandidaten</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Mask this word</source>
        <translation>Dieses Wort maskieren</translation>
    </message>
    <message>
        <location line="+112"/>
        <location line="+73"/>
        <source>candidate %1</source>
        <translation>Kandidat %1</translation>
    </message>
    <message>
        <location line="-44"/>
        <source>No analysis yet: type a sentence and run the model.</source>
        <translation>Noch keine Analyse: Gib einen Satz ein und lass das Modell laufen.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Arc width and opacity, and the shading of a word: attention weight (arcs under 0.02 omitted). Right-click a word to %1.</source>
        <translation>Breite und Deckkraft der Bögen sowie die Schattierung eines Wortes: Aufmerksamkeitsgewicht (Bögen unter 0,02 weggelassen). Rechtsklicke auf ein Wort, um %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>pick the candidates or to mask it</source>
        <translation>die Kandidaten zu wählen oder es zu maskieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>mask it</source>
        <translation>es zu maskieren</translation>
    </message>
</context>
<context>
    <name>TranslationAnalysis</name>
    <message>
        <location filename="../../app/workspaces/translation_analysis.cpp" line="+19"/>
        <source>Encoder self-attention</source>
        <translation>Encoder-Selbstaufmerksamkeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decoder self-attention</source>
        <translation>Decoder-Selbstaufmerksamkeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cross-attention</source>
        <translation>Cross-Attention</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>target</source>
        <translation>Ziel</translation>
    </message>
</context>
<context>
    <name>TranslationWorker</name>
    <message>
        <location filename="../../app/workers/translation_worker.cpp" line="+25"/>
        <source>No translation model is loaded yet.</source>
        <translation>Es ist noch kein Übersetzungsmodell geladen.</translation>
    </message>
    <message>
        <location line="+165"/>
        <source>%1 % of tokens change · log-probability %2 per token</source>
        <translation>%1 % der Tokens ändern sich · Log-Wahrscheinlichkeit %2 je Token</translation>
    </message>
</context>
<context>
    <name>TranslationWorkspace</name>
    <message>
        <location filename="../../app/workspaces/translation_workspace.cpp" line="+55"/>
        <location line="+72"/>
        <source>Beams</source>
        <translation>Beams</translation>
    </message>
    <message>
        <location line="-68"/>
        <source>1: greedy decoding; more: beam search with that many beams</source>
        <translation>1: gieriges Decodieren; mehr: Strahlsuche (Beam Search) mit so vielen Beams</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attention</source>
        <translation>Aufmerksamkeit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cross (target → source)</source>
        <translation>Cross (Ziel → Quelle)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Encoder self</source>
        <translation>Encoder-Selbst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decoder self</source>
        <translation>Decoder-Selbst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which attention the heatmap, head and model views show</source>
        <translation>Welche Aufmerksamkeit Heatmap, Head-Ansicht und Modell-Ansicht zeigen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Preset</source>
        <translation>Beispiel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a sentence...</source>
        <translation>Satz wählen...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lesson sentences (resources/lessons/presets.json)</source>
        <translation>Sätze für den Unterricht (resources/lessons/presets.json)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Hard alignment</source>
        <translation>Hartes Alignment</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mark the source token each target token attends to most (argmax of the row)</source>
        <translation>Markiert für jedes Ziel-Token das Quell-Token, auf das es am meisten achtet (argmax der Zeile)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hide &lt;/s&gt;</source>
        <translation>&lt;/s&gt; ausblenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heatmap/head/model views: drop special tokens and renormalise rows</source>
        <translation>Heatmap, Head- und Modell-Ansicht: Sondertokens weglassen und Zeilen neu normieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type an English sentence to translate</source>
        <translation>Gib einen englischen Satz zum Übersetzen ein</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Alignment</source>
        <translation>Alignment</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step through</source>
        <translation>Schritt für Schritt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sentence links</source>
        <translation>Satzverbindungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Heatmap</source>
        <translation>Heatmap</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Head view</source>
        <translation>Head-Ansicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model view</source>
        <translation>Modell-Ansicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention lab</source>
        <translation>Attention-Labor</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>&quot;attention&quot; must be cross, encoder or decoder, not &quot;%1&quot;</source>
        <translation>&quot;attention&quot; muss cross, encoder oder decoder sein, nicht &quot;%1&quot;</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>With every head on: the same translation.</source>
        <translation>Mit allen Heads: dieselbe Übersetzung.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With every head on: %1</source>
        <translation>Mit allen Heads: %1</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>translating…</source>
        <translation>wird übersetzt…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>decoding… %1 tokens</source>
        <translation>wird decodiert… %1 Tokens</translation>
    </message>
    <message>
        <location line="+18"/>
        <source> + %1 ms attention pass</source>
        <translation> + %1 ms Aufmerksamkeitsdurchlauf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 · %2 ms%3 · %4 → %5 tokens · %6</source>
        <translation>%1 · %2 ms%3 · %4 → %5 Tokens · %6</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>beam %1</source>
        <translation>Beam %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>greedy</source>
        <translation>gierig</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> · source truncated to the model&apos;s %1 tokens (of %2)</source>
        <translation> · Quelle auf die %1 Tokens des Modells gekürzt (von %2)</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>⚠ Likely wrong: the built-in model knows only image captions. For other text, &lt;a href=&quot;get&quot;&gt;get a general-purpose translator&lt;/a&gt; (e.g. opus-mt-en-de).</source>
        <translation>⚠ Wahrscheinlich falsch: Das eingebaute Modell kennt nur Bildbeschreibungen. Für andere Texte &lt;a href=&quot;get&quot;&gt;lade ein allgemeines Übersetzungsmodell herunter&lt;/a&gt; (z. B. opus-mt-en-de).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>⚠ Likely wrong: this text seems to be outside what the model knows.</source>
        <translation>⚠ Wahrscheinlich falsch: Dieser Text liegt offenbar außerhalb dessen, was das Modell kennt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;p&gt;Signs: %1.&lt;/p&gt;&lt;p&gt;A general-purpose English→German model, e.g. Helsinki-NLP/opus-mt-en-de, comes with File › Download model… or the model picker&apos;s last entry.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Anzeichen: %1.&lt;/p&gt;&lt;p&gt;Ein allgemeines Englisch→Deutsch-Modell, z. B. Helsinki-NLP/opus-mt-en-de, bekommst du über Datei › Modell herunterladen… oder den letzten Eintrag der Modellauswahl.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 (built-in %2)</source>
        <translation>%1 (eingebaut, %2)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Get a general-purpose translator…</source>
        <translation>Allgemeines Übersetzungsmodell herunterladen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open a Marian (opus-mt) checkpoint folder: config.json, model.safetensors or pytorch_model.bin, source.spm, target.spm, vocab.json</source>
        <translation>Marian-Checkpoint-Ordner (opus-mt) öffnen: config.json, model.safetensors oder pytorch_model.bin, source.spm, target.spm, vocab.json</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 · %2+%3 layers × %4 heads · %5</source>
        <translation>%1 · %2+%3 Layer × %4 Heads · %5</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The translation model could not be opened.</source>
        <translation>Das Übersetzungsmodell konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a Marian (opus-mt) checkpoint folder with Model › Open model folder…</source>
        <translation>Wähle mit Modell › Modellordner öffnen… einen Marian-Checkpoint-Ordner (opus-mt).</translation>
    </message>
    <message>
        <location filename="../../app/workspaces/translation_workspace.h" line="+31"/>
        <source>Translation (Marian)</source>
        <translation>Übersetzung (Marian)</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <location filename="../../app/workspaces/workspace.cpp" line="+33"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Auto</source>
        <translation>Auto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Head</source>
        <translation>Head</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+424"/>
        <source>Scale: this head</source>
        <translation>Skala: dieser Head</translation>
    </message>
    <message>
        <location line="-423"/>
        <source>Scale: fixed 0–1</source>
        <translation>Skala: fest 0–1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heatmap colours: stretched to the largest weight shown (each head its own scale), or fixed from 0 to 1 so that heads can be compared by colour</source>
        <translation>Heatmap-Farben: bis zum größten gezeigten Gewicht gestreckt (jeder Head mit eigener Skala) oder fest von 0 bis 1, damit Heads über die Farbe vergleichbar sind</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rank heads…</source>
        <translation>Heads ordnen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Switch each head off in turn and list the heads whose removal changes the output most</source>
        <translation>Jeden Head einzeln abschalten und die Heads auflisten, deren Fehlen die Ausgabe am stärksten ändert</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The text is at its limit of %L1 characters (a model reads at most 512 tokens)</source>
        <translation>Der Text hat seine Grenze von %L1 Zeichen erreicht (ein Modell liest höchstens 512 Tokens)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only the first %L1 of %L2 characters were taken: the text box holds %L3 (a model reads at most 512 tokens)</source>
        <translation>Nur die ersten %L1 von %L2 Zeichen wurden übernommen: Das Textfeld fasst %L3 (ein Modell liest höchstens 512 Tokens)</translation>
    </message>
    <message>
        <location line="+28"/>
        <location line="+77"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="-69"/>
        <source>Switch all heads on</source>
        <translation>Alle Heads einschalten</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Loading cancelled</source>
        <translation>Laden abgebrochen</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Switching each head off in turn…</source>
        <translation>Schalte jeden Head einzeln ab…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rank heads by effect</source>
        <translation>Heads nach Wirkung ordnen</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Heads ranked by effect</source>
        <translation>Heads nach Wirkung geordnet</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancelled after %1 heads. </source>
        <translation>Nach %1 Heads abgebrochen. </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Each head switched off alone: the share of the translation&apos;s tokens that change, plus how much less likely the original translation becomes (mean log-probability per token). Double-click a head to show it.</source>
        <translation>Jeder Head allein abgeschaltet: der Anteil der Tokens der Übersetzung, die sich ändern, plus wie viel unwahrscheinlicher die ursprüngliche Übersetzung wird (mittlere Log-Wahrscheinlichkeit je Token). Doppelklick zeigt den Head.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Each head switched off alone: how far the first [MASK]&apos;s best word falls (or, without [MASK], how much the last layer&apos;s output moves). Double-click a head to show it.</source>
        <translation>Jeder Head allein abgeschaltet: wie stark das beste Wort der ersten [MASK] abfällt (oder, ohne [MASK], wie sehr sich die Ausgabe des letzten Layers verschiebt). Doppelklick zeigt den Head.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1:%2   %3   %4</source>
        <translation>%1:%2   %3   %4</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(no change)</source>
        <translation>(keine Änderung)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>encoder %1</source>
        <translation>Encoder %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>decoder %1</source>
        <translation>Decoder %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cross %1</source>
        <translation>Cross %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Switched off: %1</source>
        <translation>Abgeschaltet: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These heads&apos; weights are set to 0 (Hugging Face&apos;s head_mask); every view and the output show the model without them. Right-click (or Ctrl+click) a head in the model view, the head statistics or the head view to switch it.</source>
        <translation>Die Gewichte dieser Heads sind auf 0 gesetzt (head_mask von Hugging Face); jede Ansicht und die Ausgabe zeigen das Modell ohne sie. Rechtsklick (oder Strg+Klick) auf einen Head in der Modell-Ansicht, der Head-Statistik oder der Head-Ansicht schaltet ihn um.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>%1 holds a %2 model (model_type &quot;%3&quot;); this tab opens %4 models. Open it in the %5 tab.</source>
        <translation>%1 enthält ein Modell vom Typ %2 (model_type &quot;%3&quot;); dieser Tab öffnet Modelle vom Typ %4. Öffne es im Tab „%5“.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>translation</source>
        <translation>Übersetzung</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+2"/>
        <source>encoder</source>
        <translation>Encoder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Translation</source>
        <translation>Übersetzung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Encoder attention</source>
        <translation>Encoder-Aufmerksamkeit</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>No model loaded</source>
        <translation>Kein Modell geladen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not open that folder; still using %1</source>
        <translation>Der Ordner konnte nicht geöffnet werden; weiterhin wird %1 verwendet</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Still using %1; keep typing or choose another folder.</source>
        <translation>Weiterhin wird %1 verwendet; tippe weiter oder wähle einen anderen Ordner.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Download from Hugging Face…</source>
        <translation>Von Hugging Face herunterladen…</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Scale: this matrix</source>
        <translation>Skala: diese Matrix</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>attnscope %1</source>
        <translation>attnscope %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unknown export format &apos;%1&apos;</source>
        <translation>Unbekanntes Exportformat „%1“</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no result to export yet.</source>
        <translation>Es gibt noch kein Ergebnis zum Exportieren.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 (Hugging Face cache, %2)</source>
        <translation>%1 (Hugging-Face-Cache, %2)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 (recent)</source>
        <translation>%1 (zuletzt geöffnet)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open model folder…</source>
        <translation>Modellordner öffnen…</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>the %1 tab has no view &quot;%2&quot; (it has %3)</source>
        <translation>der Tab „%1“ hat keine Ansicht &quot;%2&quot; (vorhanden: %3)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>its text is longer than 100,000 characters</source>
        <translation>der Text ist länger als 100.000 Zeichen</translation>
    </message>
</context>
<context>
    <name>animation</name>
    <message>
        <location filename="../../app/views/animation_export.cpp" line="+29"/>
        <source>error %1</source>
        <translation>Fehler %1</translation>
    </message>
    <message>
        <location line="+68"/>
        <location line="+52"/>
        <source>there is nothing to animate</source>
        <translation>es gibt nichts zu animieren</translation>
    </message>
    <message>
        <location line="-47"/>
        <location line="+5"/>
        <location line="+17"/>
        <location line="+6"/>
        <location line="+2"/>
        <location line="+5"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>frame %1 could not be drawn</source>
        <translation>Bild %1 konnte nicht gezeichnet werden</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+21"/>
        <source>Cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+4"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Cannot read %1: frame %2 has no colours or lies outside the picture</source>
        <translation>%1 kann nicht gelesen werden: Bild %2 hat keine Farben oder liegt außerhalb des Bildes</translation>
    </message>
</context>
<context>
    <name>colors</name>
    <message>
        <location filename="../../app/views/color_scale.cpp" line="+106"/>
        <source>Standard (yellow-green-blue)</source>
        <translation>Standard (Gelb-Grün-Blau)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Viridis (colour-blind safe)</source>
        <translation>Viridis (für Farbenblinde geeignet)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cividis (colour-blind safe)</source>
        <translation>Cividis (für Farbenblinde geeignet)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Greys (highest contrast)</source>
        <translation>Graustufen (höchster Kontrast)</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>weight</source>
        <translation>Gewicht</translation>
    </message>
</context>
<context>
    <name>guide</name>
    <message>
        <location filename="../../app/shell/guide.cpp" line="-138"/>
        <source>it is not JSON (%1 at byte %2)</source>
        <translation>die Datei ist kein JSON (%1 bei Byte %2)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>it is not a guided lesson (&quot;format&quot; must be &quot;%1&quot;)</source>
        <translation>die Datei ist keine geführte Lektion (&quot;format&quot; muss &quot;%1&quot; sein)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&quot;title&quot; must be a text or {&quot;en&quot;: …, &quot;de&quot;: …}</source>
        <translation>&quot;title&quot; muss ein Text oder {&quot;en&quot;: …, &quot;de&quot;: …} sein</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>it has no steps (&quot;steps&quot; must be a list of steps)</source>
        <translation>die Datei hat keine Schritte (&quot;steps&quot; muss eine Liste von Schritten sein)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>step %1 needs a &quot;title&quot;, a &quot;text&quot; and a &quot;state&quot; object</source>
        <translation>Schritt %1 braucht &quot;title&quot;, &quot;text&quot; und ein &quot;state&quot;-Objekt</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 cannot be read: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is not a guided lesson: it is larger than 1 MB</source>
        <translation>%1 ist keine geführte Lektion: die Datei ist größer als 1 MB</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is not a guided lesson: %2</source>
        <translation>%1 ist keine geführte Lektion: %2</translation>
    </message>
</context>
<context>
    <name>lesson</name>
    <message>
        <location filename="../../app/shell/lesson_file.cpp" line="+37"/>
        <source>the built-in model name &quot;%1&quot; is not valid</source>
        <translation>der Name des eingebauten Modells &quot;%1&quot; ist ungültig</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>it uses the model %1, which is not in this computer&apos;s Hugging Face cache (get it with File › Download model…)</source>
        <translation>sie verwendet das Modell %1, das nicht im Hugging-Face-Cache dieses Computers liegt (lade es über Datei › Modell herunterladen… herunter)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>it uses the model folder %1, which is not on this computer</source>
        <translation>sie verwendet den Modellordner %1, der auf diesem Computer nicht vorhanden ist</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is not a lesson file (%2 bytes; lesson files are a few kB)</source>
        <translation>%1 ist keine Lektionsdatei (%2 Byte; Lektionsdateien sind wenige kB groß)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 is not a lesson file: it is not a JSON object (%2)</source>
        <translation>%1 ist keine Lektionsdatei: Sie enthält kein JSON-Objekt (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>another JSON value</source>
        <translation>ein anderer JSON-Wert</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is not an attnscope lesson file (&quot;format&quot; is &quot;%2&quot;, expected &quot;%3&quot;)</source>
        <translation>%1 ist keine attnscope-Lektionsdatei (&quot;format&quot; ist &quot;%2&quot;, erwartet: &quot;%3&quot;)</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+2"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&quot;%1&quot; must be text</source>
        <translation>&quot;%1&quot; muss Text sein</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&quot;%1&quot; must be a whole number from %2 to %3</source>
        <translation>&quot;%1&quot; muss eine ganze Zahl von %2 bis %3 sein</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&quot;%1&quot; must be true or false</source>
        <translation>&quot;%1&quot; muss true oder false sein</translation>
    </message>
</context>
<context>
    <name>theme</name>
    <message>
        <location filename="../../app/shell/theme.cpp" line="+67"/>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System</source>
        <translation>System</translation>
    </message>
</context>
<context>
    <name>translationmath</name>
    <message>
        <location filename="../../app/views/translation_math.cpp" line="+52"/>
        <source>Cross-attention, layer %1, head %2</source>
        <translation>Cross-Attention, Layer %1, Head %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cross-attention, layer %1, max over %2 heads (rows renormalised)</source>
        <translation>Cross-Attention, Layer %1, Maximum über %2 Heads (Zeilen neu normiert)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cross-attention, mean of all %1 layers × %2 heads</source>
        <translation>Cross-Attention, Mittel über alle %1 Layer × %2 Heads</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cross-attention, mean of all %1 layers × %2 heads (rollout applies to self-attention only)</source>
        <translation>Cross-Attention, Mittel über alle %1 Layer × %2 Heads (Rollout gilt nur für Selbstaufmerksamkeit)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cross-attention, layer %1, mean of %2 heads</source>
        <translation>Cross-Attention, Layer %1, Mittel über %2 Heads</translation>
    </message>
</context>
</TS>
