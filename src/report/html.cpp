#include "report/html.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "io/output_file.hpp"
#include "io/report_file.hpp"
#include "profile/wording.hpp"

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

std::string url_path(const std::string& bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

namespace {

using json = nlohmann::ordered_json;

// A JSON line safe inside a <script> element: no "</script" or "<!--" can occur once every '<'
// (only ever inside strings) is written \u003c.
std::string script_safe(const json& j) {
  std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    if (c == '<') out += "\\u003c";
    else out += c;
  }
  return out;
}

// Written with O_NOFOLLOW, like the --annotate drawings. Throws OutputError naming the file.
void write_file(const std::filesystem::path& path, const std::vector<unsigned char>& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) throw OutputError("--html: cannot write " + path.string() + ": " + std::strerror(errno));
  int error = write_all(fd, bytes.data(), bytes.size());
  if (::close(fd) != 0 && !error) error = errno;
  if (error) throw OutputError("--html: cannot write " + path.string() + ": " + std::strerror(error));
}

constexpr const char* page_head = R"(<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>conforme — revue</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
header{position:sticky;top:0;background:#1d2330;color:#fff;padding:8px 16px;z-index:2}
header h1{font-size:16px;margin:0 0 6px;font-weight:600}
header .row{display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center}
header label{cursor:pointer;white-space:nowrap}
header select,header button{font:inherit}
header details{position:relative}
header summary{cursor:pointer}
#checklist{position:absolute;background:#fff;color:#1d2330;padding:8px 12px;border-radius:6px;box-shadow:0 4px 16px #0005;max-height:60vh;overflow:auto;z-index:3;min-width:260px}
#checklist label{display:block}
#counts{opacity:.85}
table{border-collapse:collapse;margin:8px 12px;background:#fff;box-shadow:0 1px 3px #0002}
th,td{padding:6px 8px;border-bottom:1px solid #e3e5e8;vertical-align:top;text-align:left}
th{background:#eef0f3;position:sticky;top:var(--head,64px);z-index:1;white-space:nowrap}
th.sortable{cursor:pointer;text-decoration:underline dotted}
td.thumb img{width:220px;height:auto;cursor:zoom-in;border-radius:3px;display:block}
td.thumb button{font:inherit}
.path{font-weight:600;word-break:break-all;max-width:260px}
.path a{color:inherit}
.status{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;margin-top:4px}
.s-pass{background:#1e8e3e}.s-review{background:#b06000}.s-fail{background:#c5221f}.s-error{background:#8a5a00}
ul.checks{margin:0;padding-left:16px;max-width:520px}
li.fail{color:#a50e0e}li.warn{color:#8a5a00}
li .ref,td>.ref,.meta{color:#5f6368;font-size:12px}
.decoder{color:#8a5300;font-size:12px}
td.margin{white-space:nowrap;font-variant-numeric:tabular-nums}
td.margin .fail{color:#a50e0e}td.margin .warn{color:#8a5a00}
.decision button{font:inherit;display:block;margin:0 0 4px;width:100%;border:1px solid #9aa0a6;background:#fff;border-radius:4px;cursor:pointer;padding:3px 6px}
.decision button.on[data-d=confirmer_rejet],.decision button.on[data-d=refuser]{background:#c5221f;color:#fff;border-color:#c5221f}
.decision button.on[data-d=accepter]{background:#1e8e3e;color:#fff;border-color:#1e8e3e}
.decision textarea{width:180px;height:48px;font:inherit;font-size:12px}
nav.pages{margin:8px 12px;display:flex;gap:10px;align-items:center}
svg.sheet{display:block;margin-top:6px;max-width:220px;height:auto;background:#f8f8f8;border:1px solid #ccc}
svg.sheet rect{stroke:#333;stroke-width:.5%}
svg.sheet .cur{stroke:#1a73e8;stroke-width:2%}
#zoom{position:fixed;inset:0;background:#15181f;display:none;z-index:5;padding:16px;box-sizing:border-box}
#zoom.open{display:flex;flex-direction:column}
#zoom .bar{color:#fff;display:flex;gap:12px;align-items:center;margin-bottom:8px}
#zoom .bar .t{flex:1;font-weight:600;word-break:break-all}
#zoom .bar button{font:inherit}
#zoom .panes{flex:1;display:flex;gap:12px;min-height:0}
#zoom .pane{flex:1;display:flex;flex-direction:column;min-width:0;color:#ddd}
#zoom .pane .frame{flex:1;position:relative;min-height:0;display:flex;align-items:flex-start;justify-content:center}
#zoom .pane img{max-width:100%;max-height:calc(100vh - 100px);object-fit:contain;background:#fff}
#zoom .sheetwrap{position:relative;display:inline-block;max-width:100%;max-height:100%}
#zoom .sheetwrap img{display:block;max-height:calc(100vh - 120px)}
#zoom .copy{position:absolute;border:3px solid;box-sizing:border-box;color:#fff;font-weight:700;cursor:pointer}
#zoom .copy span{padding:0 4px}
#zoom .copy.pass{border-color:#1e8e3e}#zoom .copy.pass span{background:#1e8e3e}
#zoom .copy.fail{border-color:#c5221f}#zoom .copy.fail span{background:#c5221f}
#zoom .copy.cur{outline:4px dashed #1a73e8}
.legend{font-size:12px;color:#5f6368;margin:4px 12px}
</style></head><body>
<header><h1 id=title></h1><div class=row>
<label><input type=checkbox class=f-status value=pass> <span data-t=pass></span></label>
<label><input type=checkbox class=f-status value=review checked> <span data-t=review></span></label>
<label><input type=checkbox class=f-status value=fail checked> <span data-t=fail></span></label>
<label><input type=checkbox class=f-status value=error checked> <span data-t=error></span></label>
<label><span data-t=check></span> <select id=f-check></select></label>
<details><summary data-t=shown_checks></summary><div id=checklist></div></details>
<label><span data-t=decided></span> <select id=f-decision><option value="" data-t=all></option><option value=todo data-t=todo></option><option value=done data-t=done></option></select></label>
<button id=export data-t=export></button>
<button id=lang>FR / EN</button>
<span id=counts></span></div></header>
<p class=legend data-t=legend></p>
<nav class=pages><button id=prev>‹</button><span id=pageinfo></span><button id=next>›</button></nav>
<table id=list><thead><tr><th data-t=drawing></th><th class=sortable id=sort-input data-t=photo></th><th data-t=checks></th><th class=sortable id=sort-margin data-t=margin></th><th data-t=decision></th></tr></thead><tbody></tbody></table>
<div id=zoom><div class=bar><span class=t></span><button id=zprev>‹</button><button id=znext>›</button><button id=zclose>✕</button></div>
<div class=panes><div class=pane><div class=cap></div><div class=frame id=zphoto></div></div><div class=pane><div class=cap></div><div class=frame id=zdraw></div></div></div></div>
<script id=data type="application/x-ndjson">
)";

// The page's script: reads the records, filters, sorts and lists them a page at a time, keeps
// the reviewer's decisions in localStorage and exports them as CSV.
constexpr const char* page_script = R"JS(
const T={
fr:{pass:'conformes',review:'conformes à vérifier',fail:'non conformes',error:'erreurs',check:'Contrôle en échec ou à vérifier',any:'tous',shown_checks:'Contrôles affichés',
decided:'Décision',all:'toutes',todo:'à décider',done:'décidées',export:'Exporter les décisions (CSV)',drawing:'Dessin',photo:'Photo',
checks:'Contrôles en échec ou à vérifier',margin:'Marge',decision:'Décision de l’agent',confirm:'Confirmer le rejet',accept:'Accepter quand même',
comment:'Commentaire',page:'page',of:'sur',colon:' : ',photos:'photos',photo_one:'photo',no_drawing:'pas de dessin (photo conforme)',original:'Photo d’origine',annotated:'Mesures dessinées',
sheet:'Planche',copy:'copie',limit:'limite',beyond:'au-delà',inside:'dans les limites',
st_pass:'conforme',st_review:'conforme, à vérifier',st_fail:'non conforme',st_error:'erreur',refuse:'Refuser',accept_review:'Accepter',of_which:'dont',to_check:'à vérifier',reference:'Référence',same_as:'mesures reprises de la copie',from_profile:'couleurs converties en sRGB depuis le profil',decoder_warning:'avertissement du décodeur d\'image (texte de la bibliothèque)',
margin_help:'Marge : de combien la valeur dépasse la limite, dans son unité. Tri : par la marge du contrôle choisi, ou par la plus grande marge rapportée à la plage admise.',
legend:'Cliquer sur un dessin pour voir la photo d’origine et ses mesures côte à côte (Échap pour fermer, ‹ › pour passer à la suivante). Les décisions restent dans ce navigateur ; « Exporter » les enregistre en CSV.',
title:'conforme {v} — profil {p}',counts:['conforme','conformes','non conforme','non conformes','erreur','erreurs','décision','décisions']},
en:{pass:'pass',review:'pass, to check',fail:'fail',error:'errors',check:'Failed or warned check',any:'all',shown_checks:'Checks shown',
decided:'Decision',all:'all',todo:'to decide',done:'decided',export:'Export decisions (CSV)',drawing:'Drawing',photo:'Photo',
checks:'Failed or warned checks',margin:'Margin',decision:'Agent decision',confirm:'Confirm the reject',accept:'Accept anyway',
comment:'Comment',page:'page',of:'of',colon:': ',photos:'photos',photo_one:'photo',no_drawing:'no drawing (photo passed)',original:'Original photo',annotated:'Measurements drawn',
sheet:'Sheet',copy:'copy',limit:'limit',beyond:'beyond',inside:'within limits',
st_pass:'pass',st_review:'pass, to check',st_fail:'fail',st_error:'error',refuse:'Refuse',accept_review:'Accept',of_which:'of which',to_check:'to check',reference:'Reference',same_as:'measurements repeated from copy',from_profile:'colours converted to sRGB from the profile',decoder_warning:'image decoder warning',
margin_help:'Margin: how far the value is beyond its limit, in its unit. Sort: by the margin of the chosen check, or by the largest margin relative to the allowed range.',
legend:'Click a drawing to see the original photo and its measurements side by side (Esc closes, ‹ › moves on). Decisions stay in this browser; “Export” saves them as CSV.',
title:'conforme {v} — profile {p}',counts:['pass','pass','fail','fail','error','errors','decision','decisions']}};
// Units as a reviewer reads them after a margin; a unit missing here is shown as it is named.
const UNITS_ALL={deg:'°',px:' px',mm:' mm',ratio:'',share:'',probability:'',flag:'',count:'',pct:' %','%':' %',
'L*':' L*','a*':' a*','b*':' b*','C*ab':' C*ab',dE_ab:' ΔE','grey^2':'',IJG:''};
const UNITS={fr:Object.assign({grey:' niveaux de gris','grey/px':' niveaux de gris par pixel',IED:' écart des yeux'},UNITS_ALL),
en:Object.assign({grey:' grey levels','grey/px':' grey levels per pixel',IED:' eye distance'},UNITS_ALL)};
const PAGE=50;
performance.mark('script');
const recs=document.getElementById('data').textContent.split('\n').filter(l=>l).map(l=>JSON.parse(l));
performance.mark('parsed');
const store='conforme:'+location.pathname+':decisions';
let decisions={};try{decisions=JSON.parse(localStorage.getItem(store)||'{}')}catch(e){}
let lang=localStorage.getItem('conforme:lang')||INFO.lang;
const st={status:new Set(['review','fail','error']),check:'',hidden:new Set(),decision:'',sort:'input',desc:false,page:0};
const key=r=>r.i+'#'+r.p;
// What the status filter and the row show: a pass with a point to check is its own category.
const cat=r=>r.s==='pass'&&r.rv?'review':r.s;
const byInput={};for(const r of recs)(byInput[r.n]=byInput[r.n]||[]).push(r);
function num(v,d){return v.toLocaleString(lang==='fr'?'fr-FR':'en-GB',{maximumFractionDigits:d===undefined?3:d})}
function esc(s){return String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]))}
// How far each value of a failed or warned check lies beyond the limit its verdict came from;
// computed when first needed (a listed row, a sort by margin), not for every record on opening.
function margins(r){if(r.margins)return;r.margins={};r.rel=0;for(const c of r.c||[]){let best=null;for(const [name,v,unit,li] of c.val||[]){const [mn,mx,wmn,wmx]=LIMITS[li];
 const lo=c.v==='warn'?wmn:mn,hi=c.v==='warn'?wmx:mx;let m=0,lim=null;
 if(hi!=null&&v>hi){m=v-hi;lim=hi}else if(lo!=null&&v<lo){m=lo-v;lim=lo}else continue;
 const span=(lo!=null&&hi!=null&&hi>lo)?hi-lo:Math.max(Math.abs(lim),1e-9);
 if(!best||m/span>best.rel)best={name,v,unit,lim,m,rel:m/span}}
 if(best){c.margin=best;r.margins[c.id]=best;r.rel=Math.max(r.rel,best.rel)}}}
function t(k){return T[lang][k]}
function plural(n){return lang==='fr'?n>1:n!==1}  // French: 0 and 1 take the singular
function marginOf(r){margins(r);if(st.check)return r.margins[st.check]?r.margins[st.check].m:-1;return r.rel}
function visible(){
 let out=recs.filter(r=>{if(!st.status.has(cat(r)))return false;
  if(st.check&&!(r.c||[]).some(c=>c.id===st.check))return false;
  if(r.s==='fail'&&st.hidden.size&&(r.fc||[]).every(id=>st.hidden.has(id)))return false;
  if(cat(r)==='review'&&st.hidden.size&&(r.c||[]).every(c=>st.hidden.has(c.id)))return false;
  const d=decisions[key(r)];if(st.decision==='todo'&&d)return false;if(st.decision==='done'&&!d)return false;return true});
 if(st.sort==='margin')out.sort((a,b)=>(marginOf(a)-marginOf(b))*(st.desc?-1:1));
 else if(st.desc)out.reverse();
 return out}
function sheetSvg(r){const copies=byInput[r.n];if(!copies||copies.length<2||!r.b)return '';
 let W=0,H=0;for(const c of copies)if(c.b){W=Math.max(W,c.b[0]+c.b[2]);H=Math.max(H,c.b[1]+c.b[3])}
 const mx=Math.min(...copies.filter(c=>c.b).map(c=>c.b[0])),my=Math.min(...copies.filter(c=>c.b).map(c=>c.b[1]));W+=mx;H+=my;
 return '<svg class=sheet viewBox="0 0 '+W+' '+H+'" title="'+t('sheet')+'">'+copies.filter(c=>c.b).map(c=>'<rect x='+c.b[0]+' y='+c.b[1]+' width='+c.b[2]+' height='+c.b[3]+' fill="'+(c.s==='pass'?'#7bc88f':c.s==='fail'?'#e8877f':'#d9b45a')+'"'+(c===r?' class=cur':'')+'><title>'+t('copy')+' '+c.p+t('colon')+t('st_'+c.s)+'</title></rect><text x='+(c.b[0]+c.b[2]/2)+' y='+(c.b[1]+c.b[3]/2)+' font-size='+(c.b[3]/4)+' text-anchor=middle dominant-baseline=middle>'+c.p+'</text>').join('')+'</svg>'}
function title(id){const n=TITLES[id];return n?n[lang==='fr'?0:1]:id}
function checkItem(c){if(st.hidden.has(c.id))return '';
 const m=lang==='fr'?c.fr:c.en,msg=STARTS[m[0]].slice(0,m[1])+m[2];
 return '<li class='+c.v+' data-check="'+esc(c.id)+'"><b title="'+esc(c.id)+'">'+esc(title(c.id))+'</b> '+esc(msg)+(c.r!=null?'<div class=ref>'+esc(REFS[c.r])+'</div>':'')+'</li>'}
// A unit after a number; a count of lines takes the plural as the language does (plural()).
function unitText(name,v){if(name==='lines')return plural(Math.abs(v))?(lang==='fr'?' lignes':' lines'):(lang==='fr'?' ligne':' line');
 return UNITS[lang][name]!==undefined?UNITS[lang][name]:' '+name}
function marginCell(r){margins(r);let s='';for(const c of r.c||[]){if(!c.margin||st.hidden.has(c.id))continue;const m=c.margin;
 s+='<div class='+c.v+' title="'+esc(c.id+' '+m.name+t('colon')+t('limit')+' '+num(m.lim)+unitText(m.unit,m.lim))+'">'+esc(title(c.id))+t('colon')+num(m.m)+unitText(m.unit,m.m)+'</div>'}return s}
function row(r){const k=key(r),d=decisions[k]||{};
 let h='<tr data-key="'+esc(k)+'" data-status='+r.s+'><td class=thumb>';
 if(r.t)h+='<img loading=lazy alt="" src="'+esc(r.t)+'" data-zoom>';else h+='<button data-zoom>'+t('original')+'</button>';
 h+=sheetSvg(r)+'</td><td><div class=path><a href="'+esc(r.f)+'" target=_blank>'+esc(r.i)+'</a>'+(r.b?' — '+t('copy')+' '+r.p:'')+'</div>';
 h+='<span class="status s-'+cat(r)+'">'+t('st_'+cat(r))+'</span>';
 if(r.s!=='error')h+='<div class=meta>'+r.w+' × '+r.h+' px'+(r.dpi?', '+num(r.dpi,0)+' dpi':'')+(r.mo!=null?' — '+t('same_as')+' '+r.mo:'')+(r.cp?' — '+t('from_profile')+' '+esc(r.cp):'')+'</div>'+(r.ro?'<div class=ref>'+esc(r.ro[lang])+'</div>':'')+(r.wn||[]).map(w=>'<div class=decoder>'+t('decoder_warning')+t('colon')+(lang==='fr'?'« '+esc(w)+' »':'“'+esc(w)+'”')+'</div>').join('');
 h+='</td><td>';
 if(r.e)h+='<b title="'+esc(r.e.code)+'">'+esc(r.e.title?r.e.title[lang]:r.e.code)+'</b><div class=ref>'+esc(r.e.message)+'</div>';else h+='<ul class=checks>'+(r.c||[]).map(checkItem).join('')+'</ul>';
 h+='</td><td class=margin>'+marginCell(r)+'</td><td class=decision>';
 if(cat(r)==='review')h+='<button data-d=refuser class="'+(d.d==='refuser'?'on':'')+'">'+t('refuse')+'</button><button data-d=accepter class="'+(d.d==='accepter'?'on':'')+'">'+t('accept_review')+'</button><textarea placeholder="'+t('comment')+'">'+esc(d.c||'')+'</textarea>';
 else if(r.s!=='pass')h+='<button data-d=confirmer_rejet class="'+(d.d==='confirmer_rejet'?'on':'')+'">'+t('confirm')+'</button><button data-d=accepter class="'+(d.d==='accepter'?'on':'')+'">'+t('accept')+'</button><textarea placeholder="'+t('comment')+'">'+esc(d.c||'')+'</textarea>';
 return h+'</td></tr>'}
let shown=[];
function render(){shown=visible();const pages=Math.max(1,Math.ceil(shown.length/PAGE));st.page=Math.min(st.page,pages-1);
 document.querySelector('#list tbody').innerHTML=shown.slice(st.page*PAGE,(st.page+1)*PAGE).map(row).join('');
 document.getElementById('pageinfo').textContent=t('page')+' '+(st.page+1)+' '+t('of')+' '+pages+' — '+shown.length+' '+(plural(shown.length)?t('photos'):t('photo_one'));
 document.getElementById('sort-margin').textContent=t('margin')+(st.sort==='margin'?(st.desc?' ▼':' ▲'):'');
 document.getElementById('sort-input').textContent=t('photo')+(st.sort==='input'?(st.desc?' ▼':' ▲'):'');
 const w=t('counts');
 document.getElementById('counts').textContent=[COUNTS.pass,COUNTS.fail,COUNTS.error,Object.values(decisions).filter(d=>d.d).length].map((n,i)=>n+' '+w[2*i+(plural(n)?1:0)]+(i===0&&COUNTS.review?' ('+t('of_which')+' '+COUNTS.review+' '+t('to_check')+')':'')).join(' · ');
 document.body.dataset.shown=shown.length}
function labels(){document.documentElement.lang=lang;for(const e of document.querySelectorAll('[data-t]'))e.textContent=t(e.dataset.t);
 document.getElementById('title').textContent=t('title').replace('{v}',INFO.version).replace('{p}',INFO.profile);
 document.getElementById('sort-margin').title=t('margin_help');
 // Every check that failed or asked for a review somewhere: how many photos each, reviews apart.
 const ids=[...new Set([...Object.keys(FAILED),...Object.keys(WARNED)])].sort();
 const tally=id=>(FAILED[id]&&!WARNED[id])?String(FAILED[id]):(FAILED[id]?FAILED[id]+' + ':'')+WARNED[id]+' '+t('to_check');
 const sel=document.getElementById('f-check'),cur=sel.value;sel.innerHTML='<option value="">'+t('any')+'</option>'+ids.map(id=>'<option value="'+esc(id)+'">'+esc(title(id))+' ('+tally(id)+')</option>').join('');sel.value=cur;
 document.getElementById('checklist').innerHTML=ids.map(id=>'<label><input type=checkbox value="'+esc(id)+'"'+(st.hidden.has(id)?'':' checked')+'> '+esc(title(id))+' ('+tally(id)+')</label>').join('')}
function save(){localStorage.setItem(store,JSON.stringify(decisions))}
function csvCell(s){s=String(s==null?'':s);if(/^[=+\-@\t\r]/.test(s))s="'"+s;return /[";\r\n]/.test(s)||s.startsWith("'")?'"'+s.replace(/"/g,'""')+'"':s}
function exportCsv(){const lines=['input;photo_index;status;failed_checks;decision;comment;decided_at;checks_to_check'];
 for(const r of recs){const d=decisions[key(r)];if(!d||!d.d)continue;
  lines.push([r.i,r.p,r.s,(r.fc||[]).join(' ')||(r.e?r.e.code:''),d.d,d.c||'',d.at||'',
   (r.c||[]).filter(c=>c.v==='warn').map(c=>c.id).join(' ')].map(csvCell).join(';'))}
 return '\ufeff'+lines.join('\r\n')+'\r\n'}
document.getElementById('export').addEventListener('click',()=>{const a=document.createElement('a');
 a.href=URL.createObjectURL(new Blob([exportCsv()],{type:'text/csv;charset=utf-8'}));
 a.download='decisions-'+(location.pathname.split('/').pop().replace(/\.html?$/,'')||'revue')+'.csv';document.body.appendChild(a);a.click();a.remove()});
for(const e of document.querySelectorAll('.f-status'))e.addEventListener('change',()=>{e.checked?st.status.add(e.value):st.status.delete(e.value);st.page=0;render()});
document.getElementById('f-check').addEventListener('change',e=>{st.check=e.target.value;st.page=0;render()});
document.getElementById('f-decision').addEventListener('change',e=>{st.decision=e.target.value;st.page=0;render()});
document.getElementById('checklist').addEventListener('change',e=>{e.target.checked?st.hidden.delete(e.target.value):st.hidden.add(e.target.value);st.page=0;render()});
document.getElementById('sort-margin').addEventListener('click',()=>{st.desc=st.sort==='margin'?!st.desc:true;st.sort='margin';render()});
document.getElementById('sort-input').addEventListener('click',()=>{st.desc=st.sort==='input'?!st.desc:false;st.sort='input';render()});
document.getElementById('prev').addEventListener('click',()=>{if(st.page>0){st.page--;render();scrollTo(0,0)}});
document.getElementById('next').addEventListener('click',()=>{if((st.page+1)*PAGE<shown.length){st.page++;render();scrollTo(0,0)}});
document.getElementById('lang').addEventListener('click',()=>{lang=lang==='fr'?'en':'fr';localStorage.setItem('conforme:lang',lang);labels();render()});
const tbody=document.querySelector('#list tbody');
tbody.addEventListener('click',e=>{const tr=e.target.closest('tr');if(!tr)return;const k=tr.dataset.key;
 if(e.target.dataset.d){const d=decisions[k]||{};if(d.d===e.target.dataset.d){delete d.d}else{d.d=e.target.dataset.d;d.at=new Date().toISOString()}
  if(d.d||d.c)decisions[k]=d;else delete decisions[k];save();render();return}
 if(e.target.hasAttribute('data-zoom'))openZoom(shown.findIndex(r=>key(r)===k))});
tbody.addEventListener('input',e=>{if(e.target.tagName!=='TEXTAREA')return;const k=e.target.closest('tr').dataset.key;
 const d=decisions[k]||{};d.c=e.target.value;if(d.d||d.c)decisions[k]=d;else delete decisions[k];save()});
// The zoom: the original photo (a planche: the whole sheet, each copy outlined with its verdict)
// beside its drawing.
let zi=-1;const zoom=document.getElementById('zoom');
function openZoom(i){if(i<0||i>=shown.length)return;zi=i;const r=shown[i];zoom.classList.add('open');
 zoom.querySelector('.t').textContent=r.i+(r.b?' — '+t('copy')+' '+r.p:'')+' — '+t('st_'+r.s);
 const caps=zoom.querySelectorAll('.cap');caps[0].textContent=r.b?t('sheet'):t('original');caps[1].textContent=t('annotated');
 const zp=document.getElementById('zphoto');
 if(r.b){const copies=byInput[r.n].filter(c=>c.b);
  zp.innerHTML='<div class=sheetwrap><img alt="'+esc(r.i)+'" src="'+esc(r.f)+'">'+copies.map(c=>'<div class="copy '+c.s+(c===r?' cur':'')+'" data-p='+c.p+'><span>'+c.p+'</span></div>').join('')+'</div>';
  const img=zp.querySelector('img');img.onload=()=>{const W=img.naturalWidth,H=img.naturalHeight;
   zp.querySelectorAll('.copy').forEach((d,j)=>{const b=copies[j].b;d.style.left=100*b[0]/W+'%';d.style.top=100*b[1]/H+'%';d.style.width=100*b[2]/W+'%';d.style.height=100*b[3]/H+'%'})};
  zp.querySelectorAll('.copy').forEach(d=>d.addEventListener('click',()=>{const j=shown.findIndex(x=>x.n===r.n&&x.p==d.dataset.p);if(j>=0)openZoom(j)}))}
 else zp.innerHTML='<img alt="'+esc(r.i)+'" src="'+esc(r.f)+'">';
 document.getElementById('zdraw').innerHTML=r.t?'<img alt="" src="'+esc(r.t)+'">':'<p>'+t('no_drawing')+'</p>'}
function closeZoom(){zoom.classList.remove('open');zi=-1}
document.getElementById('zclose').addEventListener('click',closeZoom);
document.getElementById('zprev').addEventListener('click',()=>openZoom(zi-1));
document.getElementById('znext').addEventListener('click',()=>openZoom(zi+1));
document.addEventListener('keydown',e=>{if(zi<0)return;if(e.key==='Escape')closeZoom();if(e.key==='ArrowLeft')openZoom(zi-1);if(e.key==='ArrowRight')openZoom(zi+1)});
labels();render();
document.documentElement.style.setProperty('--head',document.querySelector('header').offsetHeight+'px');
document.body.dataset.ready=Math.round(performance.now());
window.conforme={records:recs,decisions:()=>decisions,exportCsv};
)JS";

// The compact record the page's script reads: only what the page shows (failed and warned checks,
// their values and the limits their verdict came from). Keys are short: a batch of 10,000 photos
// writes 10,000 of them.
json page_entry(const json& r) {
  json e;
  e["i"] = r.value("input", "");
  e["n"] = r.value("input_index", 0);
  e["p"] = r.value("photo_index", 0);
  e["s"] = r.value("status", "error");
  if (r.contains("box") && r["box"].is_array()) e["b"] = r["box"];
  if (r.contains("measured_on")) e["mo"] = r["measured_on"];
  // An undecided planche layout judged as the photo of its one face: said under the photo's size.
  if (r.contains("read_as_one_photo")) e["ro"] = r["read_as_one_photo"];
  if (r.contains("error")) {
    e["e"] = r["error"];
    return e;
  }
  e["w"] = r.value("width", 0);
  e["h"] = r.value("height", 0);
  if (r.contains("dpi") && r["dpi"].is_number()) e["dpi"] = r["dpi"];
  if (r.contains("converted_to_srgb_from")) e["cp"] = r["converted_to_srgb_from"];
  // What the image decoder said of the file (damaged but decodable data, a profile not applied).
  if (r.contains("warnings")) e["wn"] = r["warnings"];
  if (r.contains("failed")) e["fc"] = r["failed"];
  json checks = json::array();
  const json all_checks = r.value("checks", json::array());
  for (const auto& c : all_checks) {
    const std::string verdict = c.value("verdict", "");
    if (verdict != "fail" && verdict != "warn") continue;
    json o;
    o["id"] = c.value("id", "");
    o["v"] = verdict;
    // The report's full message, as an agent quotes it: verdict, requirement and the measured
    // values in words (their requirement, the start all of a check's messages share, is written
    // once per page by shared_start). Reports written before messages carried words still show.
    const json message = c.value("message", json::object());
    o["fr"] = message.value("fr", "");
    o["en"] = message.value("en", "");
    json values = json::array();
    const json limits = c.value("limits", json::object());
    const json measured = c.value("values", json::object());
    for (const auto& [name, v] : measured.items()) {
      const json l = limits.value(name, json::object());
      auto bound = [&](const char* k) { return l.contains(k) ? l[k] : json(nullptr); };
      values.push_back({name, v.value("value", 0.0), v.value("unit", ""), bound("min"), bound("max"),
                        bound("warn_min"), bound("warn_max")});
    }
    o["val"] = values;
    o["ref"] = c.value("reference", "");
    checks.push_back(o);
  }
  e["c"] = checks;
  // A photo that passes with a point to check (a warning, « à vérifier ») is for a person too.
  if (record_passes_with_point_to_check(r)) e["rv"] = 1;
  return e;
}

}  // namespace

std::string HtmlWriter::images_dir(const std::string& page_path) {
  const std::filesystem::path p(page_path);
  return (p.parent_path() / (p.stem().string() + "_images")).string();
}

HtmlWriter::HtmlWriter(std::ostream& out, std::string lang, std::string page_path)
    : out_(out), lang_(lang == "en" ? "en" : "fr"), page_path_(std::move(page_path)) {
  if (page_path_ == "-") page_path_.clear();  // a page on standard output carries its drawings
  if (!page_path_.empty()) images_dir_ = images_dir(page_path_);
}

void HtmlWriter::begin(const RunIdentity& identity) {
  identity_ = identity;
  identity_json_ = identity_json(identity);
  out_ << page_head;
  out_.flush();
}

std::string HtmlWriter::photo_href(const std::string& input) const {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path abs = fs::absolute(fs::path(input), ec).lexically_normal();
  if (ec) return url_path(input);
  if (!page_path_.empty()) {
    const fs::path dir = fs::absolute(fs::path(page_path_), ec).parent_path().lexically_normal();
    const fs::path rel = abs.lexically_relative(dir);
    if (!ec && !rel.empty()) return url_path(rel.string());
  }
  return "file://" + url_path(abs.string());
}

std::string HtmlWriter::thumbnail_src(const json& record, const std::vector<unsigned char>& jpeg) {
  if (jpeg.empty()) return {};
  if (images_dir_.empty()) return "data:image/jpeg;base64," + base64(jpeg);
  if (!images_dir_made_) {
    std::error_code ec;
    std::filesystem::create_directories(images_dir_, ec);
    if (ec) throw OutputError("--html: cannot create " + images_dir_ + ": " + ec.message());
    images_dir_made_ = true;
  }
  char name[64];
  std::snprintf(name, sizeof name, "%06zu_%d.jpg", record.value("input_index", std::size_t{0}),
                record.value("photo_index", 0));
  write_file(std::filesystem::path(images_dir_) / name, jpeg);
  return url_path(std::filesystem::path(images_dir_).filename().string()) + "/" + name;
}

std::size_t HtmlWriter::intern(std::map<std::string, std::size_t>& table, const std::string& text) {
  return table.emplace(text, table.size()).first->second;
}

// The first message of a check (per language and verdict) becomes its template; later ones are
// written [template, length of the start they share with it (UTF-16 code units, as JavaScript
// counts), the rest]. Format-agnostic: nothing is parsed out of the message.
json HtmlWriter::shared_start(const std::string& key, const std::string& text) {
  const auto [it, added] = template_index_.emplace(key, templates_.size());
  if (added) templates_.push_back(text);
  const std::string& start = templates_[it->second];
  std::size_t n = 0;
  while (n < start.size() && n < text.size() && start[n] == text[n]) ++n;
  while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // whole characters
  std::size_t units = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80) units += c >= 0xF0 ? 2 : 1;  // a character beyond U+FFFF is two units
  }
  return json::array({it->second, units, text.substr(n)});
}

void HtmlWriter::write(const PhotoReport& r) {
  write_record(to_json(r, identity_json_), r.input, r.thumbnail_jpeg);
}

void HtmlWriter::write_record(const json& record, const std::string& input_bytes,
                              const std::vector<unsigned char>& thumbnail_jpeg) {
  json e = page_entry(record);
  const std::string status = e["s"];
  ++by_status_[status == "pass" ? 0 : status == "fail" ? 1 : 2];
  passed_to_check_ += e.contains("rv");
  if (e.contains("fc"))
    for (const auto& id : e["fc"]) ++failed_by_check_[id.get<std::string>()];
  // What repeats from photo to photo is written once, in tables at the end of the page: the
  // references, the limits, and the start of each check's message (its requirement), so a record
  // carries only what is its own (its values, the end of its messages).
  if (e.contains("c"))
    for (auto& c : e["c"]) {
      const std::string id = c["id"], verdict = c["v"];
      checks_seen_.insert(id);
      if (verdict == "warn") ++warned_by_check_[id];
      const std::string ref = c["ref"];
      c.erase("ref");
      if (!ref.empty()) c["r"] = intern(references_, ref);
      for (const char* lang : {"fr", "en"}) c[lang] = shared_start(id + '\x1f' + lang + '\x1f' + verdict, c[lang]);
      for (auto& v : c["val"]) {
        const json bounds = json::array({v[3], v[4], v[5], v[6]});
        v = json::array({v[0], v[1], v[2], intern(limits_, bounds.dump())});
      }
    }
  if (const std::string t = thumbnail_src(record, thumbnail_jpeg); !t.empty()) e["t"] = t;
  e["f"] = photo_href(input_bytes);
  const std::string line = script_safe(e) + "\n";
  out_.write(line.data(), static_cast<std::streamsize>(line.size()));
  out_.flush();
}

void HtmlWriter::finish(const RunCounts&) {
  json failed = json::object();
  for (const auto& [id, n] : failed_by_check_) failed[id] = n;
  json warned = json::object();
  for (const auto& [id, n] : warned_by_check_) warned[id] = n;
  const auto table = [](const std::map<std::string, std::size_t>& interned) {
    std::vector<std::string> ordered(interned.size());
    for (const auto& [text, i] : interned) ordered[i] = text;
    return ordered;
  };
  json refs = table(references_), starts = templates_, limits = json::array();
  for (const auto& l : table(limits_)) limits.push_back(json::parse(l));
  // Checks by their titles in both languages (the ids stay in tooltips); every failed check is
  // among those listed. An error record carries its own title.
  json titles = json::object();
  for (const auto& id : checks_seen_) titles[id] = {check_title(id, true), check_title(id, false)};
  const json info = {{"version", identity_.version}, {"profile", identity_.profile_name}, {"lang", lang_}};
  const json counts = {
      {"pass", by_status_[0]}, {"review", passed_to_check_}, {"fail", by_status_[1]}, {"error", by_status_[2]}};
  out_ << "</script>\n<script>\nconst INFO=" << script_safe(info) << ",COUNTS=" << script_safe(counts)
       << ",FAILED=" << script_safe(failed) << ",WARNED=" << script_safe(warned) << ",REFS=" << script_safe(refs)
       << ",TITLES=" << script_safe(titles)
       << ",STARTS=" << script_safe(starts) << ",LIMITS=" << script_safe(limits) << ";\n"
       << page_script << "</script>\n</body></html>\n";
  out_.flush();
}

}  // namespace conforme
