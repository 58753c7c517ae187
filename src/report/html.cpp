#include "report/html.hpp"

#include <cstdio>

namespace conforme {

std::string html_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string base64(const std::vector<unsigned char>& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const unsigned v = (bytes[i] << 16) | (i + 1 < bytes.size() ? bytes[i + 1] << 8 : 0) |
                       (i + 2 < bytes.size() ? bytes[i + 2] : 0);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? alphabet[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? alphabet[v & 63] : '=';
  }
  return out;
}

namespace {

constexpr const char* page_head = R"(<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>conforme — revue</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
header{position:sticky;top:0;background:#1d2330;color:#fff;padding:10px 16px;z-index:1}
header h1{font-size:17px;margin:0 0 6px}
header label{margin-right:14px;cursor:pointer}
header select,header button{font:inherit;margin-left:6px}
#counts{opacity:.85;margin-left:8px}
main{display:flex;flex-wrap:wrap;gap:12px;padding:12px}
article{background:#fff;border-radius:6px;box-shadow:0 1px 3px #0002;width:560px;display:flex;gap:10px;padding:10px}
article img{width:200px;height:auto;border-radius:3px;align-self:flex-start}
article .body{flex:1;min-width:0}
.path{font-weight:600;word-break:break-all}
.status{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff}
.s-pass{background:#1e8e3e}.s-fail{background:#c5221f}.s-error{background:#8a5a00}
ul{margin:6px 0 0;padding-left:18px}
li.fail{color:#a50e0e}li.warn{color:#8a5a00}
.en{display:none}body.show-en .en{display:block}body.show-en .fr{display:none}
.meta{color:#5f6368;font-size:12px}
</style></head><body>
)";

}  // namespace

HtmlWriter::HtmlWriter(std::ostream& out, RunIdentity identity, std::string lang)
    : out_(out), identity_(std::move(identity)), lang_(std::move(lang)) {
  out_ << page_head;
  if (lang_ == "en") out_ << "<script>document.body.classList.add('show-en')</script>\n";
  out_ << "<header><h1>conforme " << html_escape(identity_.version) << " — profil "
       << html_escape(identity_.profile_name) << "</h1>"
       << "<label><input type=checkbox class=f-status value=pass> conformes</label>"
       << "<label><input type=checkbox class=f-status value=fail checked> non conformes</label>"
       << "<label><input type=checkbox class=f-status value=error checked> erreurs</label>"
       << "<label>contrôle en échec<select id=f-check><option value=''>tous</option></select></label>"
       << "<button id=lang>FR / EN</button><span id=counts></span></header>\n<main>\n";
  out_.flush();
}

void HtmlWriter::write(const PhotoReport& r) {
  const int s = static_cast<int>(r.status);
  ++by_status_[s];
  std::string failed;
  for (const auto& c : r.checks)
    if (c.verdict == Verdict::fail) {
      failed += (failed.empty() ? "" : " ") + c.id;
      ++failed_by_check_[c.id];
    }
  std::string html = "<article data-status=\"" + std::string(to_string(r.status)) + "\" data-failed=\"" +
                     html_escape(failed) + "\">";
  if (!r.thumbnail_jpeg.empty())
    html += "<img loading=lazy alt=\"\" src=\"data:image/jpeg;base64," + base64(r.thumbnail_jpeg) + "\">";
  html += "<div class=body><div class=path>" + html_escape(r.input) +
          (r.photo_index ? " #" + std::to_string(r.photo_index) : "") + "</div>";
  html += "<span class=\"status s-" + std::string(to_string(r.status)) + "\">" + to_string(r.status) + "</span>";
  if (r.status == PhotoStatus::error) {
    html += "<p>" + html_escape(r.error_code) + ": " + html_escape(r.error_message) + "</p>";
  } else {
    html += " <span class=meta>" + std::to_string(r.width) + " × " + std::to_string(r.height) + " px" +
            (r.dpi ? ", " + std::to_string(static_cast<int>(*r.dpi)) + " dpi" : "") + "</span><ul>";
    for (const auto& c : r.checks) {
      if (c.verdict != Verdict::fail && c.verdict != Verdict::warn) continue;
      const std::string cls = c.verdict == Verdict::fail ? "fail" : "warn";
      html += "<li class=" + cls + "><b>" + html_escape(c.id) + "</b> <span class=fr>" + html_escape(c.message_fr) +
              "</span><span class=en>" + html_escape(c.message_en) + "</span><div class=meta>" +
              html_escape(c.reference) + "</div></li>";
    }
    html += "</ul>";
  }
  html += "</div></article>\n";
  out_.write(html.data(), static_cast<std::streamsize>(html.size()));
  out_.flush();
}

void HtmlWriter::finish() {
  out_ << "</main>\n<script>\nconst counts={pass:" << by_status_[0] << ",fail:" << by_status_[1]
       << ",error:" << by_status_[2] << "};\nconst failedChecks={";
  bool first = true;
  for (const auto& [id, n] : failed_by_check_) {
    out_ << (first ? "" : ",") << "\"" << html_escape(id) << "\":" << n;
    first = false;
  }
  out_ << R"(};
const sel=document.getElementById('f-check');
for(const [id,n] of Object.entries(failedChecks)){const o=document.createElement('option');o.value=id;o.textContent=id+' ('+n+')';sel.appendChild(o);}
document.getElementById('counts').textContent=counts.pass+' conformes · '+counts.fail+' non conformes · '+counts.error+' erreurs';
function apply(){
  const shown=new Set([...document.querySelectorAll('.f-status:checked')].map(e=>e.value));
  const check=sel.value;
  for(const a of document.querySelectorAll('article')){
    const ok=shown.has(a.dataset.status)&&(!check||a.dataset.failed.split(' ').includes(check));
    a.style.display=ok?'':'none';
  }
}
for(const e of document.querySelectorAll('.f-status'))e.addEventListener('change',apply);
sel.addEventListener('change',apply);
document.getElementById('lang').addEventListener('click',()=>document.body.classList.toggle('show-en'));
apply();
</script>
</body></html>
)";
  out_.flush();
}

}  // namespace conforme
